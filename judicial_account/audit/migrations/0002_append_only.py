from django.db import migrations

FORBID = """
CREATE FUNCTION audit_entry_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_forbid_change();
"""

ALLOW = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_forbid_change();
"""


class Migration(migrations.Migration):
    """The database itself refuses to change or delete audit rows, whoever asks. The hash
    chain is the second line: it shows tampering by someone who got past this (a
    superuser who disabled the trigger, a restore from an edited dump)."""

    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
