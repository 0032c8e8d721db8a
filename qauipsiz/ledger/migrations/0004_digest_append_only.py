from django.db import migrations

from qauipsiz.ledger.triggers import create_triggers, drop_triggers


def forward(apps, schema_editor):
    create_triggers(schema_editor.connection, tables=("ledger_digest",))


def backward(apps, schema_editor):
    drop_triggers(schema_editor.connection, tables=("ledger_digest",))


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_digest")]
    operations = [migrations.RunPython(forward, backward)]
