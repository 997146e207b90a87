"""Pages of e-reconciliation: the case page panel for the parties and the judge, and the
mediator's own list (a mediator is not a case participant and sees only this)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access
from hearings import mediation as med
from hearings.models import Mediation
from judicial_account.accounts.models import User


def case_panel(request, case) -> str:
    current = case.mediations.exclude(status="declined").select_related("mediator").first()
    needs = access.needs_of(request.user, case)
    is_party = case.parties.filter(user=request.user).exists()
    own_signature = None
    if current is not None:
        own_signature = (
            current.signatures.filter(party=request.user).select_related("signing_request").first()
        )
    return render_to_string(
        "hearings/mediation_panel.html",
        {
            "case": case,
            "mediation": current,
            "is_party": is_party,
            "manage": access.Need.MANAGE in needs,
            "mediators": med.mediators(),
            "own_signature": own_signature,
        },
        request=request,
    )


def _back(mediation):
    return redirect("cases:detail", case_id=mediation.case_id)


def _run(request, action, **kwargs) -> None:
    try:
        action(**kwargs)
    except med.MediationError as error:
        messages.error(request, str(error.detail))


@login_required
@require_POST
def propose(request, case_id: int):
    case = access.case_get_for(request.user, case_id, need=access.Need.FILE)
    mediator = User.objects.filter(pk=request.POST.get("mediator") or None).first()
    if mediator is None:
        messages.error(request, _("Choose a mediator."))
    else:
        _run(request, med.mediation_propose, case=case, proposer=request.user, mediator=mediator)
    return redirect("cases:detail", case_id=case.pk)


def _mediation_for_case_user(request, mediation_id: int, need) -> Mediation:
    mediation = Mediation.objects.filter(pk=mediation_id).first()
    if mediation is None:
        raise Http404
    access.case_get_for(request.user, mediation.case_id, need=need)
    return mediation


@login_required
@require_POST
def answer(request, mediation_id: int):
    mediation = _mediation_for_case_user(request, mediation_id, access.Need.FILE)
    _run(
        request,
        med.mediation_answer,
        mediation=mediation,
        party=request.user,
        accept=request.POST.get("accept") == "yes",
    )
    return _back(mediation)


@login_required
@require_POST
def complete(request, mediation_id: int):
    mediation = _mediation_for_case_user(request, mediation_id, access.Need.READ)
    _run(request, med.settlement_complete, mediation=mediation)
    return _back(mediation)


@login_required
@require_POST
def approve(request, mediation_id: int):
    mediation = _mediation_for_case_user(request, mediation_id, access.Need.MANAGE)
    _run(request, med.settlement_approve, mediation=mediation, judge=request.user)
    return _back(mediation)


@login_required
def mediator_list(request):
    mediations = (
        Mediation.objects.filter(mediator=request.user)
        .select_related("case__court")
        .prefetch_related("sessions")
    )
    return render(request, "hearings/mediator.html", {"mediations": mediations})


def _own(request, mediation_id: int) -> Mediation:
    mediation = Mediation.objects.filter(pk=mediation_id, mediator=request.user).first()
    if mediation is None:
        raise Http404
    return mediation


@login_required
@require_POST
def session_add(request, mediation_id: int):
    mediation = _own(request, mediation_id)
    starts_at = parse_datetime(request.POST.get("starts_at", ""))
    if starts_at is None:
        messages.error(request, _("Give the date and time."))
    else:
        _run(
            request,
            med.mediation_session_add,
            mediation=mediation,
            starts_at=starts_at,
            duration=dt.timedelta(hours=1),
        )
    return redirect("hearings:mediator")


@login_required
@require_POST
def settlement(request, mediation_id: int):
    mediation = _own(request, mediation_id)
    _run(request, med.settlement_prepare, mediation=mediation, text=request.POST.get("text", ""))
    return redirect("hearings:mediator")
