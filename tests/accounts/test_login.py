import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import TOTP

from judicial_account.accounts import services
from judicial_account.accounts.models import Role
from judicial_account.audit.models import AuditEntry
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_password_login_succeeds_and_is_audited():
    user = UserFactory()
    assert services.login_check_password(iin=user.iin, password=PASSWORD, ip="10.0.0.1") == user
    services.login_succeeded(user=user, ip="10.0.0.1", channel="web")
    assert actions() == ["auth.login"]


def test_unknown_iin_and_wrong_password_look_the_same():
    user = UserFactory()
    with pytest.raises(services.LoginError) as unknown:
        services.login_check_password(iin="850314300000", password=PASSWORD, ip=None)
    with pytest.raises(services.LoginError) as wrong:
        services.login_check_password(iin=user.iin, password="nope", ip=None)
    assert unknown.value.code == wrong.value.code == "invalid_credentials"
    assert unknown.value.message == wrong.value.message
    assert actions() == ["auth.login_failed", "auth.login_failed"]


def test_account_locks_after_max_failures(settings):
    settings.LOGIN_MAX_FAILURES = 3
    user = UserFactory()
    for _ in range(2):
        with pytest.raises(services.LoginError) as error:
            services.login_check_password(iin=user.iin, password="wrong", ip=None)
        assert error.value.code == "invalid_credentials"
    with pytest.raises(services.LoginError) as error:
        services.login_check_password(iin=user.iin, password="wrong", ip=None)
    assert error.value.code == "locked"
    # Even the right password is refused while locked.
    with pytest.raises(services.LoginError) as error:
        services.login_check_password(iin=user.iin, password=PASSWORD, ip=None)
    assert error.value.code == "locked"
    assert "auth.locked" in actions()


def test_lock_expires_with_time(settings, time_machine):
    settings.LOGIN_MAX_FAILURES = 1
    settings.LOGIN_LOCKOUT_MINUTES = 15
    time_machine.move_to(timezone.now())
    user = UserFactory()
    with pytest.raises(services.LoginError):
        services.login_check_password(iin=user.iin, password="wrong", ip=None)
    time_machine.shift(dt.timedelta(minutes=16))
    assert services.login_check_password(iin=user.iin, password=PASSWORD, ip=None) == user


def test_successful_login_resets_failure_count(settings):
    settings.LOGIN_MAX_FAILURES = 3
    user = UserFactory()
    for _ in range(2):
        with pytest.raises(services.LoginError):
            services.login_check_password(iin=user.iin, password="wrong", ip=None)
    services.login_succeeded(user=user, ip=None, channel="web")
    user.refresh_from_db()
    assert user.failed_logins == 0


def test_inactive_account_refused_after_right_password():
    user = UserFactory(is_active=False)
    with pytest.raises(services.LoginError) as error:
        services.login_check_password(iin=user.iin, password=PASSWORD, ip=None)
    assert error.value.code == "inactive"


@pytest.mark.parametrize(
    ("role", "needs_otp"),
    [
        (Role.LITIGANT, False),
        (Role.REPRESENTATIVE, False),
        (Role.MEDIATOR, False),
        (Role.ANALYST, False),
        (Role.JUDGE, True),
        (Role.CLERK, True),
        (Role.CHAIRMAN, True),
        (Role.ADMIN, True),
    ],
)
def test_second_factor_required_by_role(role, needs_otp):
    user = UserFactory(role=role, licence_number="LIC-1")
    TOTPDeviceFactory(user=user)
    if needs_otp:
        with pytest.raises(services.LoginError) as error:
            services.login_check_otp(user=user, token="", ip=None)
        assert error.value.code == "otp_required"
    else:
        assert services.login_check_otp(user=user, token="", ip=None) is None


def test_staff_without_authenticator_cannot_log_in():
    judge = UserFactory(role=Role.JUDGE)
    with pytest.raises(services.LoginError) as error:
        services.login_check_otp(user=judge, token="123456", ip=None)
    assert error.value.code == "otp_not_configured"


def test_right_code_passes():
    device = TOTPDeviceFactory()
    assert services.login_check_otp(user=device.user, token=current_code(device), ip=None) == device


def test_wrong_code_counts_as_failure_and_throttles_the_device():
    device = TOTPDeviceFactory()
    judge = device.user
    right = current_code(device)
    wrong = "000000" if right != "000000" else "111111"
    with pytest.raises(services.LoginError) as error:
        services.login_check_otp(user=judge, token=wrong, ip=None)
    assert error.value.code == "otp_invalid"
    judge.refresh_from_db()
    assert judge.failed_logins == 1
    assert "auth.otp_failed" in actions()
    # django-otp then refuses even the right code for a moment: guessing gets slower.
    with pytest.raises(services.LoginError):
        services.login_check_otp(user=judge, token=right, ip=None)


def test_a_code_cannot_be_used_twice():
    device = TOTPDeviceFactory()
    code = current_code(device)
    services.login_check_otp(user=device.user, token=code, ip=None)
    with pytest.raises(services.LoginError):
        services.login_check_otp(user=device.user, token=code, ip=None)


def test_wrong_codes_lock_the_account(settings):
    settings.LOGIN_MAX_FAILURES = 2
    device = TOTPDeviceFactory()
    wrong = "999999" if current_code(device) != "999999" else "888888"
    with pytest.raises(services.LoginError):
        services.login_check_otp(user=device.user, token=wrong, ip=None)
    with pytest.raises(services.LoginError) as error:
        services.login_check_otp(user=device.user, token=wrong, ip=None)
    assert error.value.code == "locked"


def test_locked_message_names_the_time():
    error = services.LoginError("locked", until=timezone.now() + dt.timedelta(minutes=15))
    assert ":" in error.message


def test_client_ip_ignores_forwarded_header_from_strangers(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert services.client_ip(spoofed) == "203.0.113.5"
    proxied = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert services.client_ip(proxied) == "198.51.100.7"
