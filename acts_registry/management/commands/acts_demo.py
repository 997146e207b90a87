"""Demo acts issued through the real flow: the judge of a demo case drafts a decision, signs it
with their demo EDS key (var/demo/keys, made by pki_demo) and issues it, so the parties find
an act in My Cases with its appeal term running, and can try an appeal. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from acts_registry import services
from acts_registry.models import Act, ActKind, Outcome
from cases.models import Case
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.management.commands.pki_demo import demo_key_password
from judicial_account.pki.services import signing_request_content, signing_request_sign

DEMO_SUBJECT = "[demo] Взыскание неустойки по договору поставки"
OPERATIVE = (
    "\n\nУСТАНОВИЛ:\n\nМежду сторонами заключён договор поставки. Ответчик оплатил товар с "
    "просрочкой в 47 дней, что подтверждается платёжными поручениями. Истец начислил неустойку "
    "по условиям договора. Ответчик заявил о несоразмерности неустойки последствиям нарушения "
    "обязательства; суд, оценив доводы сторон, снизил её размер по статье 297 Гражданского "
    "кодекса Республики Казахстан.\n\nРЕШИЛ:\n\nИск удовлетворить частично. Взыскать с ответчика "
    "в пользу истца неустойку в размере 2 100 000 тенге и расходы по уплате государственной "
    "пошлины. В остальной части иска отказать.\n"
)


def _load_sign_key(iin: str):
    from cryptography.hazmat.primitives.serialization import pkcs12

    path = settings.VAR_DIR / "demo" / "keys" / f"{iin}_{SIGN.code}.p12"
    if not path.exists():
        raise CommandError(f"No demo signing key for {iin}: run `manage.py pki_demo` first.")
    key, cert, _chain = pkcs12.load_key_and_certificates(
        path.read_bytes(), demo_key_password(iin).encode()
    )
    return key, cert


class Command(BaseCommand):
    help = "Issue demo judicial acts in the demo cases through the real signing flow."

    def handle(self, *args, **options):
        case = Case.objects.filter(subject=DEMO_SUBJECT).select_related("judge").first()
        if case is None or case.judge is None:
            self.stdout.write("No demo case to issue an act in; run `manage.py demo_data`.")
            return
        if Act.objects.filter(case=case).exists():
            self.stdout.write("Demo acts: already issued.")
            return
        key, cert = _load_sign_key(case.judge.iin)
        with transaction.atomic():
            act = services.act_draft_create(case=case, judge=case.judge, kind=ActKind.DECISION)
            head = act.text.split("\n\nУСТАНОВИЛ:", 1)[0]
            tail = act.text.split("РЕШИЛ:", 1)[1].split("\n\n", 2)[-1]
            act = services.act_draft_update(
                act=act,
                text=head + OPERATIVE + "\n" + tail,
                outcome=Outcome.PARTIALLY_GRANTED,
                awarded_amount="2100000",
            )
            request = services.act_signing_request(act=act)
            signing_request_sign(
                request=request,
                cms_der=cms_sign(signing_request_content(request), key, cert),
                user=case.judge,
                channel="demo",
            )
            act = services.act_issue(act=act, judge=case.judge)
        self.stdout.write(f"Demo acts: issued {act} (code {act.verification_code}).")
