import pytest
from django.urls import reverse

from cases.case_file import case_document_add, case_file_verify
from cases.models import CaseDocument
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add(case, n: int):
    return [
        case_document_add(
            case=case,
            kind="petition",
            title=f"Ходатайство {i}",
            content=f"текст {i}".encode(),
            file_name=f"p{i}.txt",
            content_type="text/plain",
        )
        for i in range(n)
    ]


def test_documents_are_numbered_and_chained(register):
    case = register()
    documents = add(case, 3)
    assert [d.position for d in documents] == [1, 2, 3]
    assert case_file_verify(case).ok and case_file_verify(case).checked == 3


def test_replaced_file_content_is_found(register):
    case = register()
    documents = add(case, 3)
    with open(documents[1].file.path, "wb") as handle:
        handle.write(b"forged")
    report = case_file_verify(case)
    assert not report.ok and report.first_broken == 2 and report.reason == "content"


def test_removed_document_breaks_the_chain(register):
    case = register()
    documents = add(case, 3)
    CaseDocument.objects.filter(pk=documents[1].pk).delete()
    report = case_file_verify(case)
    assert not report.ok and report.first_broken == 3 and report.reason == "chain"


def test_documents_api_and_download_follow_case_access(register, client, api_client):
    plaintiff = UserFactory()
    case = register(plaintiff=plaintiff)
    add(case, 1)
    api_client.force_authenticate(plaintiff)
    rows = api_client.get(f"/api/v1/cases/{case.pk}/documents/").json()
    assert [r["position"] for r in rows] == [1]
    client.force_login(plaintiff)
    download = client.get(reverse("cases:document", args=[case.pk, 1]))
    assert b"".join(download.streaming_content) == "текст 0".encode()
    stranger = UserFactory()
    api_client.force_authenticate(stranger)
    assert api_client.get(f"/api/v1/cases/{case.pk}/documents/").status_code == 404
    client.force_login(stranger)
    assert client.get(reverse("cases:document", args=[case.pk, 1])).status_code == 404
    client.force_login(plaintiff)
    assert client.get(reverse("cases:document", args=[case.pk, 9])).status_code == 404
