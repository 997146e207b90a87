import pytest
from django.urls import reverse

from judicial_account import registries
from judicial_account.accounts.models import User
from notifications.models import Notification

pytestmark = pytest.mark.django_db
URL = reverse("accounts:register")


def registrable_person():
    return next(
        p for p in reversed(registries.backend().people()) if registries.mobile_number_lookup(p.iin)
    )


def form(person, **overrides) -> dict:
    phone = registries.mobile_number_lookup(person.iin)
    data = {
        "iin": person.iin,
        "phone": f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}",
        "email": "",
        "language": "en",
        "password1": "Sunny-Steppe-2026",
        "password2": "Sunny-Steppe-2026",
    }
    return {**data, **overrides}


def test_registration_logs_in_and_welcomes(client):
    person = registrable_person()
    response = client.post(URL, form(person))
    assert response.status_code == 302
    user = User.objects.get(iin=person.iin)
    assert user.last_name == person.last_name
    welcome = Notification.objects.get(recipient=user)
    assert welcome.title == "Welcome to the Judicial Account"
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"iin": "123456789012"}, "check digit"),
        ({"phone": "+7 777 000 0000"}, "not the one registered"),
        ({"password2": "Different-2026"}, "differ"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"email": "not-an-email"}, "valid email"),
    ],
)
def test_bad_registration_is_explained_and_nothing_saved(client, overrides, field_error):
    person = registrable_person()
    client.cookies["django_language"] = "en"
    response = client.post(URL, form(person, **overrides))
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not User.objects.filter(iin=person.iin).exists()
