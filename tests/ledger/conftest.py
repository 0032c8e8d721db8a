import pytest
from django.db import connection
from django.utils import translation

from qauipsiz.ledger.triggers import create_triggers, drop_triggers


@pytest.fixture
def attacker():
    """Direct database access, the way an attacker with the owner's rights would use it: triggers dropped first."""

    class Attacker:
        def sql(self, statement, params=()):
            with connection.cursor() as cursor:
                cursor.execute(statement, params)

        def __enter__(self):
            drop_triggers(connection)
            return self

        def __exit__(self, *exc):
            create_triggers(connection)

    return Attacker()


@pytest.fixture(autouse=True)
def english():
    """The assertions read the English messages; the suite's default language is Kazakh."""
    with translation.override("en"):
        yield
