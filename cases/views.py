from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access, panels, selectors
from cases.models import CaseCategory, CaseStatus
from cases.timeline import event_label
from judicial_account.accounts.services import client_ip
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record


@login_required
@require_GET
def case_list(request):
    filters = {k: request.GET.get(k, "") for k in ("q", "status", "category", "mine")}
    cases = selectors.case_list_for_user(user=request.user, filters=filters)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "statuses": CaseStatus.choices,
        "categories": CaseCategory.objects.filter(is_active=True),
        "is_judge": request.user.judged_cases.exists() or request.user.role == "judge",
    }
    return render(request, "cases/case_list.html", context)


def _filing_kinds():
    # Filings registers its kinds with the case page instead of cases importing filings.
    return panels.filing_kinds()


@login_required
@require_GET
def case_detail(request, case_id: int):
    case = access.case_get_for(request.user, case_id)
    audit_record(request.user, AuditAction.CASE_VIEWED, target=case, ip=client_ip(request))
    events = [{"at": e.at, "label": event_label(e.kind, e.details)} for e in case.events.all()]
    context = {
        "case": case,
        "parties": case.parties.order_by("role", "id"),
        "representations": case.representations.select_related("representative", "party").filter(
            revoked_at__isnull=True
        ),
        "events": events,
        "deadlines": case.deadlines.all(),
        "documents": case.documents.select_related("signature", "filed_by"),
        "may_file": access.Need.FILE in access.needs_of(request.user, case),
        "filing_kinds": _filing_kinds(),
        "panels": panels.panels_html(request, case),
        "today": timezone.localdate(),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_GET
def case_document(request, case_id: int, position: int):
    """Download a document of the e-case file (whoever may read the case)."""
    case = access.case_get_for(request.user, case_id)
    document = case.documents.filter(position=position).first()
    if document is None:
        raise Http404
    audit_record(
        request.user,
        AuditAction.CASE_VIEWED,
        target=case,
        ip=client_ip(request),
        details={"document": position},
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=document.content_type,
    )


@require_GET
def find_case(request):
    number = request.GET.get("number", "")
    results = [
        {
            "case": c,
            "next_hearing": panels.next_hearing(c),
            "parties": [
                (p.get_role_display(), selectors.public_party_name(p)) for p in c.parties.all()
            ],
        }
        for c in selectors.public_case_find(number=number)
    ]
    return render(
        request,
        "cases/find_case.html",
        {"number": number, "results": results, "searched": bool(number.strip())},
    )
