"""The health check that load balancers and monitoring poll."""

from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    # A cached "ok" would hide an outage from the monitor.
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_no_language_prefix(client):
    response = client.get("/healthz", follow=False)

    assert response.status_code == 200
    assert "Location" not in response


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": "unreachable"}
    # The cause stays in the logs, not in a public answer.
    assert b"connection refused" not in response.content


def _terminate(connection) -> None:
    """What a database restart does to a kept connection: its server side is gone."""
    import psycopg

    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "localhost", port=settings["PORT"] or 5432, user=settings["USER"],
                         password=settings["PASSWORD"], dbname=settings["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)  # a kept connection as in production, no test transaction holding it
def test_requests_after_a_lost_connection_reconnect_instead_of_failing(client):
    """After a database restart a kept connection is dead. Each request starts by closing the connections to close
    (Django's `close_old_connections`, on `request_started`) and checks the kept one before its first statement
    (CONN_HEALTH_CHECKS), reconnecting before the transaction starts; /healthz reconnects once before it says 503.
    The drill saw 500s and a 503 /healthz while the database was up. (Django's test client skips the per-request
    bookkeeping, so the request's start is called here as the server calls it.)"""
    from django.db import close_old_connections, connection

    from qauipsiz.core.models import Organisation

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite keeps no connection to a server")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"] > 0
    Organisation.objects.count()
    _terminate(connection)
    close_old_connections()  # a request starts
    assert Organisation.objects.count() == 0
    _terminate(connection)
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
