"""The Celery application. Workers and beat start with `celery -A judicial_account ...`."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")

app = Celery("judicial_account")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one periodic schedule of the portal; each line says why it runs when it does.
app.conf.beat_schedule = {
    # Walk the audit hash chain every night, before the working day, so a tampered row is
    # reported to the administrators the morning after at the latest.
    "audit-chain-verify": {
        "task": "audit.chain_verify",
        "schedule": crontab(hour=3, minute=30),
    },
    # Demo CRLs are valid for seven days; re-issuing them daily keeps a long-running demo
    # verifying signatures (a no-op where the portal does not hold a CA key).
    "pki-demo-crls-publish": {
        "task": "pki.demo_crls_publish",
        "schedule": crontab(hour=2, minute=0),
    },
    # Expired QR codes are of no use after a day.
    "accounts-qr-approvals-purge": {
        "task": "accounts.qr_approvals_purge",
        "schedule": crontab(hour=4, minute=15),
    },
    # Procedural terms end at midnight: shortly after it, missed ones are marked and the
    # judges and chairmen told before the working day starts.
    "cases-deadlines-mark-missed": {
        "task": "cases.deadlines_mark_missed",
        "schedule": crontab(hour=0, minute=20),
    },
    # A challenge term ends at midnight: just after it, unchallenged acts enter into force,
    # are published in the register and the parties told before the working day.
    "acts-enter-force": {
        "task": "acts_registry.acts_enter_force",
        "schedule": crontab(hour=0, minute=30),
    },
    # Each change to an act kicks the search queue on commit; this sweep catches a kick that
    # was lost (a broker restart between the commit and the send), so the register lags the
    # database by a minute at most. The drain is a no-op when the outbox is empty.
    "acts-search-outbox-sweep": {
        "task": "acts_registry.search_outbox_drain",
        "schedule": crontab(minute="*"),
    },
    # Recording uploads abandoned midway are removed with their partial data.
    "hearings-uploads-abandoned-purge": {
        "task": "hearings.uploads_abandoned_purge",
        "schedule": crontab(hour=4, minute=45),
    },
    # Visitors are reminded of tomorrow's appointments (by SMS too), once, every hour
    # checking the next 24 hours.
    "hearings-appointments-remind": {
        "task": "hearings.appointments_remind",
        "schedule": crontab(minute=5),
    },
    # The daily digest of non-urgent notices goes out in the early evening, after the
    # courts' working day.
    "notifications-digests-send": {
        "task": "notifications.digests_send",
        "schedule": crontab(hour=19, minute=0),
    },
    # Locked accounts unlock by time; clearing stale counters keeps the table honest.
    "accounts-lockouts-expire": {
        "task": "accounts.lockouts_expire",
        "schedule": crontab(minute="*/10"),
    },
    # An unpaid invoice stops being payable at its expiry whatever this does; closing it
    # within a quarter of an hour lets the filing it belongs to move on promptly.
    "payments-invoices-expire": {
        "task": "payments.invoices_expire",
        "schedule": crontab(minute="*/15"),
    },
    # Reminders fall due half-way through an invoice's validity (days); hourly is on time,
    # and only in the daytime (Almaty) so that nobody is reminded of a fee at night.
    "payments-invoices-remind": {
        "task": "payments.invoices_remind",
        "schedule": crontab(minute=20, hour="9-20"),
    },
    # Acts issued or published since the last run get their vectors for the similar-case
    # search (acts_registry publishes without knowing analytics, so analytics polls). The job
    # skips what is done, so a run that overlaps the previous one only repeats a batch.
    "analytics-embed-acts": {
        "task": "analytics.embed_acts",
        "schedule": crontab(minute="*/10"),
    },
    # Newly issued acts are checked for non-standard decisions once their vectors exist
    # (the embedding run above is every 10 minutes); hourly, over the last week's acts, so
    # an act embedded late is still checked.
    "analytics-flag-nonstandard": {
        "task": "analytics.flag_nonstandard_recent",
        "schedule": crontab(minute=35),
    },
}
