"""Who may do what with a hearing: the one place for it.

- The case's readers (parties, their lawyers, the court's staff) follow it and may join
  the video room; the court's staff conduct it.
- The public may follow the progress of hearings of open cases, and watch the broadcast
  when every party with an account has consented; never for a closed case.
Anything else answers 404, as for a hearing that does not exist."""

from django.http import Http404

from cases import access as case_access
from hearings.models import BroadcastConsent, Hearing


def hearing_get_for(user, hearing_id: int, *, need=case_access.Need.READ) -> Hearing:
    hearing = (
        Hearing.objects.select_related("case__court", "room", "judge").filter(pk=hearing_id).first()
    )
    if hearing is None:
        raise Http404
    case_access.case_get_for(user, hearing.case_id, need=need)  # raises Http404 likewise
    return hearing


def hearing_public_get(hearing_id: int) -> Hearing:
    hearing = (
        Hearing.objects.select_related("case__court", "room")
        .filter(pk=hearing_id, case__is_closed_session=False)
        .first()
    )
    if hearing is None:
        raise Http404
    return hearing


def transcript_readable(*, staff: bool, copy_allowed: bool, warning_accepted: bool) -> bool:
    """A transcript tells what the recording says, so it is shown where the recording
    could be had: to participants after the personal-data warning, and for closed hearings
    to nobody but the court's staff (who review those recordings anyway)."""
    return staff or (copy_allowed and warning_accepted)


def broadcast_allowed(hearing: Hearing) -> bool:
    """Open case, and consent recorded from every party that has an account."""
    if hearing.case.is_closed_session:
        return False
    parties = {p.user_id for p in hearing.case.parties.all() if p.user_id}
    consented = set(
        BroadcastConsent.objects.filter(hearing=hearing).values_list("user_id", flat=True)
    )
    return bool(parties) and parties <= consented
