import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from notifications.push import user_group
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_renders_in_recipients_language():
    user = UserFactory(language="en")
    notice = notify(recipient=user, kind="test", title=_("Notifications"), idempotency_key="k1")
    assert notice.title == "Notifications"


def test_same_event_notifies_once():
    user = UserFactory()
    first = notify(recipient=user, kind="test", title="A", idempotency_key="same")
    second = notify(recipient=user, kind="test", title="B", idempotency_key="same")
    assert first.pk == second.pk
    assert Notification.objects.filter(recipient=user).count() == 1


def test_push_is_sent_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(user.pk), channel)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice = notify(recipient=user, kind="test", title="Hello", idempotency_key="p1")
    assert len(callbacks) == 1
    message = async_to_sync(layer.receive)(channel)
    assert message["id"] == notice.pk
    assert message["title"] == "Hello"


def test_unread_count_in_header_and_mark_read(client):
    user = UserFactory()
    other = UserFactory()
    mine = notify(recipient=user, kind="t", title="Mine", idempotency_key="1")
    theirs = notify(recipient=other, kind="t", title="Theirs", idempotency_key="1")
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert 'class="badge"' in page
    # Someone else's notification reads as missing.
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:read", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_pages_need_login(client):
    assert client.get(reverse("notifications:list")).status_code == 302


def test_params_fill_the_text_after_translation():
    user = UserFactory(language="ru")
    notice = notify(
        recipient=user,
        kind="account.welcome",
        title=_("Welcome to the Judicial Account"),
        body=_("Your account is ready. Court notices will reach you here and by SMS to %(phone)s."),
        params={"phone": "+77010000000"},
        idempotency_key="w",
    )
    assert notice.title == "Добро пожаловать в Судебный кабинет"
    assert "+77010000000" in notice.body


def test_preferences_page_saves_channels_and_language(client):
    from notifications.models import Preference

    user = UserFactory(language="ru")
    client.force_login(user)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    client.post(reverse("notifications:preferences"), {"email": "on", "language": "kk"})
    preference = Preference.objects.get(user=user)
    user.refresh_from_db()
    assert (preference.sms, preference.email, user.language) == (False, True, "kk")


def test_daily_digest_lists_unread_in_app_notices_once():
    from notifications.models import OutboxMessage, Preference
    from notifications.services import digests_send, notification_mark_read

    user = UserFactory(email="user@example.kz", language="en")
    Preference.objects.create(user=user, digest=True)
    notify(recipient=user, kind="t", title="Document filed", idempotency_key="d1")
    read = notify(recipient=user, kind="t", title="Already read", idempotency_key="d2")
    notification_mark_read(notification=read)
    assert digests_send() == 1
    message = OutboxMessage.objects.get(channel="email", address="user@example.kz")
    assert "Document filed" in message.body and "Already read" not in message.body
    assert digests_send() == 0  # nothing new
    other = UserFactory(email="other@example.kz")
    notify(recipient=other, kind="t", title="x", idempotency_key="d3")
    assert digests_send() == 0  # no digest asked for
