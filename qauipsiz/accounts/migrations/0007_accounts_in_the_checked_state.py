"""User accounts join the ledger's checked state (issue 10 item 5): each account gets its state recorded in the chain
of every organisation whose books it is in, so that `verify` has something to check it against from now on.

Through the ledger's own service, on the models as they are now: the entry must be exactly what `verify` computes, and
the chain's hashing lives in one place only. A database being upgraded has the present schema of the tables read
here when this runs (it changes none of them); a new database has no accounts yet, so there is nothing to do."""

from django.db import migrations


def record_accounts(apps, schema_editor):
    from qauipsiz.accounts.services import record_every_account

    record_every_account()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_signing_failures"),
        ("core", "0004_location"),
        ("ledger", "0007_hold_permanent"),
    ]

    operations = [migrations.RunPython(record_accounts, migrations.RunPython.noop)]
