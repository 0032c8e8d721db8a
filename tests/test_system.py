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
