"""Seeds the published benefit limits and every collaboration's rate card, and makes the
payment ledger append-only in PostgreSQL itself (the models refuse too, on any database)."""

from django.db import migrations

IMMUTABLE_SQL = """
CREATE OR REPLACE FUNCTION payments_payment_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Payments are never edited or deleted: add a reversing payment instead.';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER payments_payment_immutable BEFORE UPDATE OR DELETE ON payments_payment
  FOR EACH ROW EXECUTE FUNCTION payments_payment_immutable();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS payments_payment_immutable ON payments_payment;
DROP FUNCTION IF EXISTS payments_payment_immutable();
"""


def seed(apps, schema_editor):
    from payments.defaults import seed_benefit_limits, seed_rates

    seed_benefit_limits(apps.get_model("payments", "BenefitLimit"))
    rate_model = apps.get_model("payments", "Rate")
    for collaboration in apps.get_model("coproduction", "Collaboration").objects.all():
        seed_rates(collaboration, rate_model)


def protect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(IMMUTABLE_SQL)


def unprotect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(protect, unprotect),
    ]
