from django.db import migrations

from filings.fee_table import fee_table_load


def load(apps, schema_editor):
    fee_table_load(
        apps.get_model("filings", "FeeRate"),
        apps.get_model("filings", "FeeExemption"),
        apps.get_model("filings", "MonthlyCalculationIndex"),
    )


def unload(apps, schema_editor):
    for name in ("FeeRate", "FeeExemption", "MonthlyCalculationIndex"):
        apps.get_model("filings", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("filings", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
