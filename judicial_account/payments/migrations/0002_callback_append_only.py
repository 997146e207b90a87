from django.db import migrations

FORBID = """
CREATE FUNCTION payments_callback_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payments_gatewaycallback is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER payments_callback_append_only
    BEFORE UPDATE OR DELETE ON payments_gatewaycallback
    FOR EACH ROW EXECUTE FUNCTION payments_callback_forbid_change();
"""

ALLOW = """
DROP TRIGGER IF EXISTS payments_callback_append_only ON payments_gatewaycallback;
DROP FUNCTION IF EXISTS payments_callback_forbid_change();
"""


class Migration(migrations.Migration):
    """The gateway's callbacks are the evidence of what it told the portal: the database
    refuses to change or delete them, whoever asks."""

    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
