from hearings.models import Courtroom


def seed(context) -> None:
    """Three rooms in every court; the third has no video-conference equipment."""
    for court in context.objects["courts"].values():
        for number in ("101", "102", "205"):
            Courtroom.objects.get_or_create(
                court=court,
                number=number,
                defaults={"has_video_conference": number != "205"},
            )
