from django.db.models import QuerySet

from notifications.models import Notification


def notification_list_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_get_for(*, user, notification_id: int) -> Notification | None:
    """Only the recipient's own notices; anyone else's id reads as missing."""
    return Notification.objects.filter(recipient=user, pk=notification_id).first()


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
