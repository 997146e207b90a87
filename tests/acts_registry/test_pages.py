"""The acts' pages and the judge's API, role by role: the judge writes, signs and issues;
the parties read and challenge; nobody else sees a thing."""

import base64
import datetime as dt

import pytest
from django.urls import reverse

from acts_registry import services
from acts_registry.drafting import act_document
from acts_registry.models import Act, ActKind, ActStatus, Outcome
from filings.models import Filing, FilingKind
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from tests.factories import CourtStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "РЕШЕНИЕ\nСуд решил: иск удовлетворить, взыскать 100 000 тенге.\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, trust_test_ca):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    client.force_login(user)
    return client


def api_sign(api_client, act, judge, issue):
    holder = issue(SIGN, "ec", iin=judge.iin)
    cms = cms_sign(act_document(Act.objects.get(pk=act.pk)), holder.key, holder.cert)
    api_client.force_authenticate(judge)
    return api_client.post(
        f"/api/v1/acts/{act.pk}/sign/", {"cms": base64.b64encode(cms).decode()}, format="json"
    )


def test_judge_writes_a_draft_from_the_case_page(client, first_case, judge_first):
    login(client, judge_first)
    page = client.get(reverse("cases:detail", args=[first_case.pk]))
    assert page.status_code == 200
    assert reverse("acts:new", args=[first_case.pk]).encode() in page.content
    response = client.post(reverse("acts:new", args=[first_case.pk]), {"kind": "decision"})
    act = Act.objects.get(case=first_case)
    assert response.status_code == 302 and response.url == reverse("acts:detail", args=[act.pk])
    draft = client.get(response.url)
    assert draft.status_code == 200 and first_case.number.encode() in draft.content
    saved = client.post(
        reverse("acts:save", args=[act.pk]),
        {"title": "Решение", "text": TEXT, "outcome": "granted", "awarded_amount": "100 000"},
    )
    assert saved.status_code == 302
    act.refresh_from_db()
    assert act.outcome == Outcome.GRANTED and str(act.awarded_amount) == "100000.00"
    to_sign = client.post(reverse("acts:sign", args=[act.pk]))
    assert to_sign.status_code == 302 and "/pki/sign/" in to_sign.url
    assert to_sign.url.endswith(f"?next={reverse('acts:detail', args=[act.pk])}")


def test_bad_draft_input_is_explained_not_saved(client, first_case, judge_first):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    login(client, judge_first)
    response = client.post(
        reverse("acts:save", args=[act.pk]),
        {"title": "Решение", "text": TEXT, "outcome": "upheld", "awarded_amount": "-5"},
        follow=True,
    )
    assert response.status_code == 200
    assert len(list(response.context["messages"])) >= 2
    assert Act.objects.get(pk=act.pk).outcome == ""
    # Kinds that do not belong at this instance are refused with a message, not a 500.
    response = client.post(reverse("acts:new", args=[first_case.pk]), {"kind": "resolution"})
    assert response.status_code == 302


def test_draft_pages_are_the_judges_alone(
    client, first_case, judge_first, plaintiff, district_court
):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    clerk = CourtStaffFactory(court=district_court, position="clerk").user
    other_judge = CourtStaffFactory(court=district_court).user
    for person in (plaintiff, clerk, other_judge, UserFactory()):
        login(client, person)
        for name in ("detail",):
            assert client.get(reverse(f"acts:{name}", args=[act.pk])).status_code == 404
        for name in ("save", "sign", "issue"):
            assert client.post(reverse(f"acts:{name}", args=[act.pk])).status_code == 404
        # A colleague at the court sees the case and is told no; the others see nothing.
        response = client.post(reverse("acts:new", args=[first_case.pk]), {"kind": "decision"})
        assert response.status_code == (302 if person in (clerk, other_judge) else 404)
    assert Act.objects.filter(case=first_case).count() == 1
    client.logout()
    assert client.get(reverse("acts:detail", args=[act.pk])).status_code == 302  # to login


def test_api_sign_issues_and_the_parties_see_it(
    api_client, client, first_case, judge_first, plaintiff, defendant, issue
):
    api_client.force_authenticate(judge_first)
    created = api_client.post(
        f"/api/v1/cases/{first_case.pk}/acts/", {"kind": "decision"}, format="json"
    )
    assert created.status_code == 201, created.content
    act_id = created.json()["id"]
    assert created.json()["problems"]  # the template still has its hints
    patched = api_client.patch(
        f"/api/v1/acts/{act_id}/draft/",
        {"text": TEXT, "outcome": "granted", "awarded_amount": "100000"},
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["problems"] == []
    document = api_client.get(f"/api/v1/acts/{act_id}/document/")
    assert document.content == act_document(Act.objects.get(pk=act_id))
    response = api_sign(api_client, Act.objects.get(pk=act_id), judge_first, issue)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == ActStatus.ISSUED and body["verification_code"]
    for party in (plaintiff, defendant):
        login(client, party)
        page = client.get(reverse("acts:detail", args=[act_id]))
        assert page.status_code == 200 and b"100 000" in page.content
        assert reverse("filings:new_review", args=[act_id]).encode() in page.content
        case_page = client.get(reverse("cases:detail", args=[first_case.pk]))
        assert reverse("acts:detail", args=[act_id]).encode() in case_page.content


@pytest.mark.parametrize(
    ("cms", "code"), [("", None), ("bm90IGEgY21z", "malformed"), ("%%%", "malformed")]
)
def test_api_sign_refuses_bad_signatures(api_client, first_case, judge_first, cms, code):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    services.act_draft_update(act=act, text=TEXT, outcome=Outcome.GRANTED)
    api_client.force_authenticate(judge_first)
    response = api_client.post(f"/api/v1/acts/{act.pk}/sign/", {"cms": cms}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "detail" in body and "code" in body
    if code:
        assert body["code"] == code
    assert Act.objects.get(pk=act.pk).status == ActStatus.DRAFT


def test_api_refuses_strangers_and_bad_kinds(api_client, first_case, judge_first, plaintiff):
    api_client.force_authenticate(plaintiff)
    response = api_client.post(
        f"/api/v1/cases/{first_case.pk}/acts/", {"kind": "decision"}, format="json"
    )
    assert response.status_code == 404
    api_client.force_authenticate(judge_first)
    response = api_client.post(
        f"/api/v1/cases/{first_case.pk}/acts/", {"kind": "resolution"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "wrong_kind"
    response = api_client.post(
        f"/api/v1/cases/{first_case.pk}/acts/", {"kind": "poem"}, format="json"
    )
    assert response.status_code == 400


def test_party_starts_an_appeal_from_the_act_page(
    client, api_client, first_case, judge_first, defendant, issue, regional_court
):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    services.act_draft_update(act=act, text=TEXT, outcome=Outcome.GRANTED)
    assert api_sign(api_client, act, judge_first, issue).status_code == 200
    login(client, defendant)
    response = client.post(reverse("filings:new_review", args=[act.pk]), {"kind": "appeal"})
    filing = Filing.objects.get(author=defendant, kind=FilingKind.APPEAL)
    assert response.status_code == 302 and str(filing.public_id) in response.url
    assert filing.court == regional_court and filing.appealed_act_id == act.pk
    page = client.get(response.url)
    assert page.status_code == 200 and regional_court.name_ru.encode() in page.content
    # Cassation is not open against an act not in force: a message, no filing.
    response = client.post(reverse("filings:new_review", args=[act.pk]), {"kind": "cassation"})
    assert response.status_code == 302
    assert not Filing.objects.filter(kind=FilingKind.CASSATION).exists()
    # A stranger cannot even see the act.
    login(client, UserFactory())
    response = client.post(reverse("filings:new_review", args=[act.pk]), {"kind": "appeal"})
    assert response.status_code == 404


def test_writ_requested_and_issued_through_the_pages(
    client, api_client, first_case, judge_first, plaintiff, issue
):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    services.act_draft_update(act=act, text=TEXT, outcome=Outcome.GRANTED, awarded_amount="100000")
    assert api_sign(api_client, act, judge_first, issue).status_code == 200
    act.refresh_from_db()
    services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=1))
    login(client, plaintiff)
    assert client.post(reverse("acts:writ_request", args=[act.pk])).status_code == 302
    writ = act.writs.get()
    client.post(reverse("acts:writ_decide", args=[writ.pk]), {"decision": "issue"})
    writ.refresh_from_db()
    assert writ.status == "requested"  # a party cannot issue its own writ
    login(client, judge_first)
    page = client.get(reverse("acts:detail", args=[act.pk]))
    assert reverse("acts:writ_decide", args=[writ.pk]).encode() in page.content
    client.post(reverse("acts:writ_decide", args=[writ.pk]), {"decision": "refuse", "reason": ""})
    writ.refresh_from_db()
    assert writ.status == "requested"  # a refusal needs a reason
    client.post(reverse("acts:writ_decide", args=[writ.pk]), {"decision": "issue"})
    writ.refresh_from_db()
    assert writ.status == "issued" and writ.number


def test_case_page_shows_the_path_through_instances(
    client, first_case, act_make, regional_court, judge_appeal, plaintiff, loans
):
    from django.utils import timezone

    from cases.models import Instance
    from cases.services import PartyInput, case_register

    lower = act_make(status=ActStatus.OVERTURNED)
    higher = case_register(
        court=regional_court,
        category=loans,
        subject="Апелляционная жалоба",
        filed_at=timezone.now(),
        instance=Instance.APPEAL,
        parent=first_case,
        parties=[PartyInput(role=p.role, name=p.name, iin=p.iin) for p in first_case.parties.all()],
    )
    review = act_make(
        case=higher,
        kind=ActKind.RESOLUTION,
        outcome=Outcome.OVERTURNED,
        status=ActStatus.IN_FORCE,
        reviewed_act=lower,
        title="Постановление",
    )
    login(client, plaintiff)
    for case in (first_case, higher):
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert 'class="timeline instance-path"' in page
        assert first_case.number in page and higher.number in page
        assert review.get_outcome_display() in page
    # An outsider sees neither case nor its path.
    login(client, UserFactory())
    assert client.get(reverse("cases:detail", args=[higher.pk])).status_code == 404
