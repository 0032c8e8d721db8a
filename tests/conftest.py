"""Suite-wide test plumbing."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _flush_past_append_only_triggers():
    """Let tests that empty the tables afterwards (live server, threads) do so on SQLite.

    Django empties tables with DELETE on SQLite, which the ledger's append-only triggers refuse (PostgreSQL uses
    TRUNCATE, which they do not cover). The flush drops the triggers for its own duration only.
    """
    from django.core.management.commands import flush
    from django.db import connections

    from qauipsiz.ledger.triggers import create_triggers, drop_triggers

    original = flush.Command.handle

    def handle(self, **options):
        connection = connections[options.get("database", "default")]
        if connection.vendor != "sqlite":
            return original(self, **options)
        drop_triggers(connection)
        try:
            return original(self, **options)
        finally:
            create_triggers(connection)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _fresh_signing_failures():
    """Each test starts with no wrong signing password pending a rollback (accounts.lockout keeps them per context, as
    a request would: a test's rolled-back failures must not be written into the next test's database)."""
    from qauipsiz.accounts import lockout

    token = lockout._pending.set({})
    yield
    lockout._pending.reset(token)
