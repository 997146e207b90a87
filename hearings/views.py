"""Hearings on the case page: the list, and for the court's staff, finding a slot and
booking it, or postponing with a ground."""

import datetime as dt
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import access
from hearings import access as hearing_access
from hearings import appointments, ics, progress, recordings, scheduling, transcripts, video
from hearings.models import (
    ACTIVE_STATUSES,
    Appointment,
    BroadcastConsent,
    CalendarFeed,
    Courtroom,
    Hearing,
    HearingEventKind,
    HearingFormat,
    PostponementGround,
    Recording,
    SessionKind,
    Transcript,
    Unavailability,
)
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.ranges import ranged_file_response


class SlotQueryForm(forms.Form):
    duration = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=60,
        choices=[
            (30, _("30 minutes")),
            (60, _("1 hour")),
            (90, _("1.5 hours")),
            (120, _("2 hours")),
            (180, _("3 hours")),
        ],
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=HearingFormat.choices, initial=HearingFormat.ONLINE
    )
    # A conversation before the hearing (preparation of the case) is listed and
    # notified apart from the main hearing; the default keeps old links working.
    kind = forms.ChoiceField(
        label=_("Kind of session"),
        choices=SessionKind.choices,
        initial=SessionKind.HEARING,
        required=False,
    )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or SessionKind.HEARING


class PostponeForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=PostponementGround.choices)
    reason = forms.CharField(
        label=_("Reason (goes into the protocol)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def next_hearing_of(case):
    hearing = (
        case.hearings.filter(status__in=ACTIVE_STATUSES, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    return hearing.starts_at if hearing else None


def case_panel(request, case) -> str:
    manage = access.Need.MANAGE in access.needs_of(request.user, case)
    return render_to_string(
        "hearings/case_panel.html",
        {
            "case": case,
            "hearings": case.hearings.select_related("room"),
            "manage": manage,
            "postpone_form": PostponeForm() if manage else None,
        },
        request=request,
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, case_id: int):
    case = access.case_get_for(request.user, case_id, need=access.Need.MANAGE)
    if request.method == "POST":
        starts_at = parse_datetime(request.POST.get("starts_at", ""))
        query = SlotQueryForm(request.POST)
        room = Courtroom.objects.filter(
            pk=request.POST.get("room") or None, court=case.court
        ).first()
        if starts_at is None or not query.is_valid():
            messages.error(request, _("Choose a slot."))
        else:
            try:
                scheduling.hearing_schedule(
                    case=case,
                    starts_at=starts_at,
                    duration=dt.timedelta(minutes=query.cleaned_data["duration"]),
                    hearing_format=query.cleaned_data["format"],
                    kind=query.cleaned_data["kind"],
                    room=room,
                    acting_user=request.user,
                )
            except scheduling.SchedulingError as error:
                messages.error(request, str(error.detail))
            else:
                messages.success(
                    request, _("The hearing is scheduled and the participants are notified.")
                )
                return redirect("cases:detail", case_id=case.pk)
    query = SlotQueryForm(request.GET or None)
    slots = []
    if query.is_valid():
        slots = scheduling.hearing_slots(
            case=case,
            duration=dt.timedelta(minutes=query.cleaned_data["duration"]),
            hearing_format=query.cleaned_data["format"],
        )
    return render(request, "hearings/schedule.html", {"case": case, "query": query, "slots": slots})


@login_required
@require_POST
def postpone(request, hearing_id: int):
    hearing = Hearing.objects.filter(pk=hearing_id).select_related("case").first()
    if hearing is None:
        raise Http404
    case = access.case_get_for(request.user, hearing.case_id, need=access.Need.MANAGE)
    form = PostponeForm(request.POST)
    if form.is_valid():
        try:
            scheduling.hearing_postpone(
                hearing=hearing, acting_user=request.user, **form.cleaned_data
            )
        except scheduling.SchedulingError as error:
            messages.error(request, str(error.detail))
        else:
            messages.info(request, _("The hearing is postponed; the participants are told."))
    else:
        messages.error(request, _("Give the ground and the reason."))
    return redirect("cases:detail", case_id=case.pk)


class UnavailabilityForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


def _feed(user) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """The participant's calendar: upcoming hearings, times they cannot attend, and the
    private .ics address to subscribe to."""
    form = UnavailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Unavailability.objects.create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved: the judge will see that you are unavailable then."))
        return redirect("hearings:calendar")
    context = {
        "form": form,
        "hearings": ics.hearings_for(request.user).filter(starts_at__gte=timezone.now()),
        "away": Unavailability.objects.filter(user=request.user, ends_at__gte=timezone.now()),
        "feed_url": request.build_absolute_uri(
            reverse("hearings:ics_feed", args=[_feed(request.user).token])
        ),
    }
    return render(request, "hearings/calendar.html", context)


@login_required
@require_POST
def unavailability_remove(request, item_id: int):
    Unavailability.objects.filter(pk=item_id, user=request.user).delete()
    return redirect("hearings:calendar")


@login_required
@require_POST
def feed_reset(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    _feed(request.user)
    messages.info(request, _("A new calendar address is made; the old one no longer works."))
    return redirect("hearings:calendar")


def ics_feed(request, token: str):
    feed = CalendarFeed.objects.filter(token=token[:64]).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return HttpResponse(
        ics.calendar_text(ics.hearings_for(feed.user)), content_type="text/calendar; charset=utf-8"
    )


@login_required
def ics_event(request, hearing_id: int):
    hearing = ics.hearings_for(request.user).filter(pk=hearing_id).first()
    if hearing is None:
        raise Http404
    response = HttpResponse(
        ics.calendar_text([hearing]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="hearing-{hearing.pk}.ics"'
    return response


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=HearingEventKind.choices)
    note = forms.CharField(
        label=_("Note (goes into the protocol)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _is_party(user, hearing) -> bool:
    return hearing.case.parties.filter(user=user).exists()


@login_required
def hearing_detail(request, hearing_id: int):
    hearing = hearing_access.hearing_get_for(request.user, hearing_id)
    manage = access.Need.MANAGE in access.needs_of(request.user, hearing.case)
    context = {
        "hearing": hearing,
        "events": hearing.events.all(),
        "manage": manage,
        "event_form": EventForm() if manage else None,
        "is_party": _is_party(request.user, hearing),
        "consented": BroadcastConsent.objects.filter(hearing=hearing, user=request.user).exists(),
        "broadcast": hearing_access.broadcast_allowed(hearing),
    }
    return render(request, "hearings/hearing.html", context)


@login_required
@require_POST
def hearing_event(request, hearing_id: int):
    hearing = hearing_access.hearing_get_for(request.user, hearing_id, need=access.Need.MANAGE)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            progress.hearing_event_add(hearing=hearing, actor=request.user, **form.cleaned_data)
        except progress.ProgressError as error:
            messages.error(request, str(error.detail))
    else:
        messages.error(request, _("Choose the event."))
    return redirect("hearings:detail", hearing_id=hearing.pk)


@login_required
@require_POST
def hearing_video(request, hearing_id: int):
    """A personal token for the video room, for the hearing's participants and staff."""
    hearing = hearing_access.hearing_get_for(request.user, hearing_id)
    if hearing.format == HearingFormat.IN_PERSON or not hearing.video_room:
        raise Http404
    moderator = access.Need.MANAGE in access.needs_of(request.user, hearing.case)
    token = video.token_issue(hearing=hearing, user=request.user, moderator=moderator)
    audit_record(
        request.user,
        AuditAction.VIDEO_TOKEN_ISSUED,
        target=hearing.case,
        details={"hearing": hearing.pk},
    )
    return redirect(video.join_url(hearing, token))


@login_required
def hearing_video_local(request, hearing_id: int):
    """The local stand-in for the video server: it admits a valid token, as Jitsi would."""
    hearing = hearing_access.hearing_get_for(request.user, hearing_id)
    try:
        claims = video.token_check(
            request.GET.get("jwt", ""), room=hearing.video_room, now=timezone.now()
        )
    except video.TokenInvalid as error:
        return render(
            request,
            "hearings/video_local.html",
            {"hearing": hearing, "refused": str(error)},
            status=403,
        )
    return render(request, "hearings/video_local.html", {"hearing": hearing, "claims": claims})


@login_required
@require_POST
def hearing_consent(request, hearing_id: int):
    hearing = hearing_access.hearing_get_for(request.user, hearing_id)
    if hearing.case.is_closed_session or not _is_party(request.user, hearing):
        raise Http404
    BroadcastConsent.objects.get_or_create(hearing=hearing, user=request.user)
    audit_record(
        request.user,
        AuditAction.BROADCAST_CONSENT,
        target=hearing.case,
        details={"hearing": hearing.pk},
    )
    messages.success(request, _("Your consent to the broadcast is recorded."))
    return redirect("hearings:detail", hearing_id=hearing.pk)


def hearing_public(request, hearing_id: int):
    """Open court: anyone may follow the hearing; the broadcast only with the parties'
    consent. Closed hearings do not exist here."""
    hearing = hearing_access.hearing_public_get(hearing_id)
    return render(
        request,
        "hearings/public.html",
        {
            "hearing": hearing,
            "events": hearing.events.all(),
            "broadcast": hearing_access.broadcast_allowed(hearing),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recording_detail(request, recording_id: int):
    """A recording for the hearing's participants and staff: the personal-data warning
    first; then a copy, except for closed hearings (reviewed at the court only)."""
    recording = Recording.objects.select_related("hearing__case").filter(pk=recording_id).first()
    if recording is None:
        raise Http404
    hearing_access.hearing_get_for(request.user, recording.hearing_id)
    staff = access.Need.MANAGE in access.needs_of(request.user, recording.hearing.case)
    if request.method == "POST" and request.POST.get("accept") == "yes":
        recordings.warning_accept(recording=recording, user=request.user)
        return redirect("hearings:recording", recording_id=recording.pk)
    if request.method == "POST" and request.POST.get("transcribe") == "again" and staff:
        transcripts.transcript_request(recording)
        messages.success(request, _("The transcript is being prepared again."))
        return redirect("hearings:recording", recording_id=recording.pk)
    copy_allowed = recordings.copy_allowed(recording)
    accepted = recordings.warning_accepted(recording, request.user)
    transcript = Transcript.objects.filter(recording=recording).first()
    segments = [
        {**segment, "clock": _clock(segment["start"])}
        for segment in (transcript.segments if transcript else [])
    ]
    return render(
        request,
        "hearings/recording.html",
        {
            "recording": recording,
            "copy_allowed": copy_allowed,
            "accepted": accepted,
            "staff": staff,
            "segments": segments,
            "duration": _clock(recording.duration_seconds or 0),
            "transcript": transcript
            if hearing_access.transcript_readable(
                staff=staff, copy_allowed=copy_allowed, warning_accepted=accepted
            )
            else None,
        },
    )


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02}:{whole % 60:02}"


@login_required
def recording_file(request, recording_id: int):
    recording = Recording.objects.select_related("hearing__case").filter(pk=recording_id).first()
    if recording is None:
        raise Http404
    hearing_access.hearing_get_for(request.user, recording.hearing_id)
    if not recordings.copy_allowed(recording):
        return render(
            request,
            "hearings/recording.html",
            {"recording": recording, "copy_allowed": False, "accepted": True},
            status=403,
        )
    if not recordings.warning_accepted(recording, request.user):
        return redirect("hearings:recording", recording_id=recording.pk)
    play = request.GET.get("play") == "1"
    # A player asks for many ranges while seeking: the copy is recorded once, at its start.
    if request.headers.get("Range", "bytes=0-").startswith(("bytes=0-", "bytes=-")) or not play:
        audit_record(
            request.user,
            AuditAction.RECORDING_DOWNLOADED,
            target=recording.hearing.case,
            details={"recording": recording.pk, "played": play},
        )
    return ranged_file_response(
        request,
        recording.file,
        size=recording.size,
        content_type=recording.content_type,
        filename=recording.file_name,
        as_attachment=not play,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_list(request):
    from cases.models import Court, CourtLevel

    if request.method == "POST":
        court = Court.objects.filter(pk=request.POST.get("court") or None).first()
        official = (
            next(
                (
                    o
                    for o in appointments.officials(court)
                    if str(o.pk) == request.POST.get("official")
                ),
                None,
            )
            if court
            else None
        )
        starts_at = parse_datetime(request.POST.get("starts_at", ""))
        if court is None or official is None or starts_at is None:
            messages.error(request, _("Choose the court, the person and the time."))
        else:
            try:
                appointments.appointment_book(
                    court=court,
                    official=official,
                    visitor=request.user,
                    starts_at=starts_at,
                    topic=request.POST.get("topic", ""),
                )
            except appointments.AppointmentError as error:
                messages.error(request, str(error.detail))
            else:
                messages.success(request, _("The appointment is booked."))
                return redirect("hearings:appointments")
    court = Court.objects.filter(pk=request.GET.get("court") or None).first()
    people = appointments.officials(court) if court else []
    official = next((o for o in people if str(o.pk) == request.GET.get("official")), None)
    context = {
        "courts": Court.objects.filter(level=CourtLevel.DISTRICT).order_by("name_ru"),
        "court": court,
        "people": people,
        "official": official,
        "slots": appointments.appointment_slots(official=official) if official else [],
        "mine": Appointment.objects.filter(visitor=request.user)
        .select_related("official", "court")
        .order_by("-starts_at")[:50],
        "received": Appointment.objects.filter(
            official=request.user, starts_at__gte=timezone.now()
        ).select_related("visitor"),
    }
    return render(request, "hearings/appointments.html", context)


@login_required
@require_POST
def appointment_cancel(request, appointment_id: int):
    appointment = (
        Appointment.objects.filter(pk=appointment_id).select_related("visitor", "official").first()
    )
    if appointment is None or request.user not in (appointment.visitor, appointment.official):
        raise Http404
    appointments.appointment_cancel(appointment=appointment, by=request.user)
    messages.info(request, _("The appointment is cancelled."))
    return redirect("hearings:appointments")
