import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.models import Court
from judicial_account.accounts.models import User
from judicial_account.pki.ca import AUTH, SIGN, CertificateAuthority, pkcs12_bytes
from judicial_account.pki.seals import seals_issue


def demo_key_password(iin: str) -> str:
    return f"Key-{iin[-6:]}"


class Command(BaseCommand):
    help = (
        "Create the demo certification authority (root + issuing CA, CRLs) and give every "
        "demo user an authentication and a signing key as PKCS#12 files. Idempotent."
    )

    def handle(self, *args, **options):
        ca = CertificateAuthority(settings.PKI_DIR, crl_base_url=f"{settings.SITE_URL}/pki/crl")
        if not ca.exists:
            ca.create()
            self.stdout.write(f"Demo CA created in {settings.PKI_DIR}")
        else:
            ca.publish_crls()  # keep the CRLs current (they are valid for a week)
        courts = [(c.code, c.name_ru) for c in Court.objects.all()]
        self.stdout.write(f"Seals issued: {seals_issue(ca, courts=courts)}")
        credentials_path = settings.VAR_DIR / "demo" / "credentials.json"
        if not credentials_path.exists():
            raise CommandError("Run `manage.py demo_data` first: it lists the demo users.")
        entries = json.loads(credentials_path.read_text())
        keys_dir = settings.VAR_DIR / "demo" / "keys"
        keys_dir.mkdir(parents=True, exist_ok=True)
        chain = [ca.certificate("issuing"), ca.certificate("root")]
        issued = 0
        for index, entry in enumerate(entries):
            user = User.objects.get(iin=entry["iin"])
            officer = user.offices.select_related("entity").first()
            password = demo_key_password(user.iin)
            # Half the people get RSA-2048 keys and half ECDSA P-256, so both are exercised.
            key_type = "ec" if index % 2 else "rsa"
            for purpose in (AUTH, SIGN):
                path = keys_dir / f"{user.iin}_{purpose.code}.p12"
                if not path.exists():
                    key, cert = ca.issue(
                        purpose=purpose,
                        common_name=f"{user.last_name} {user.first_name}".upper(),
                        surname=user.last_name.upper(),
                        given_name=user.middle_name.upper(),
                        iin=user.iin,
                        bin_=officer.entity.bin if officer else "",
                        organisation=officer.entity.name if officer else "",
                        key_type=key_type,
                    )
                    path.write_bytes(
                        pkcs12_bytes(
                            key,
                            cert,
                            chain,
                            password=password,
                            friendly_name=f"{purpose.code.upper()} {user.iin}",
                        )
                    )
                    path.chmod(0o600)
                    issued += 1
                entry[f"{purpose.code}_p12"] = str(path)
            entry["p12_password"] = password
        credentials_path.write_text(json.dumps(entries, ensure_ascii=False, indent=2))
        self.stdout.write(f"Demo keys: {issued} issued, in {keys_dir}")
