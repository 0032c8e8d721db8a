"""The whole OpenAPI schema of /api/v1/, driven by Schemathesis with generated and malformed input.

Every operation, called with a personal API token: never a 5xx, never a status code, content type, header or body the
schema does not declare. Two runs:
- a superuser, with Schemathesis's coverage phase too (boundary values, wrong types, missing and extra fields);
- a production-control official of one organisation, whose answers must never contain a record of the other one.
Generated record ids are mixed with the ids of real records of both organisations, so that reads, changes and
(de)activations reach the code behind the 404.
"""

import re
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from tests import factories as f

from .records import two_organisations

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]

# Derandomized and small: the same cases on every run, and the file stays well under two minutes on two cores. The
# examples of one operation share its test's transaction on purpose (what one creates, the next may trip over).
SETTINGS = settings(max_examples=15, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _schema(*, coverage: bool):
    config = schemathesis.Config.from_dict({
        "generation": {"mode": "all", "deterministic": True},
        # The coverage phase sends the boundary and malformed values of every parameter; it depends on the input
        # alone, so one run is enough. The stateful phase chains operations and costs more than it finds here.
        "phases": {"coverage": {"enabled": coverage}, "stateful": {"enabled": False}},
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=config)


superuser_schema = _schema(coverage=True)
official_schema = _schema(coverage=False)

# The ids of the module's records, per path segment ("people", "tokens"): read by the hook below while
# Hypothesis generates the cases, inside the test.
KNOWN_IDS: dict[str, list[int]] = {}


def flatmap_path_parameters(context, path_parameters):
    match = re.search(r"/api/v1/(?:accounts/)?([\w-]+)/", context.operation.path)
    ids = KNOWN_IDS.get(match.group(1)) if match else None
    name, value = next(iter((path_parameters or {}).items()), (None, None))
    if not ids or not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(ids).map(lambda pk: {**path_parameters, name: pk}))


superuser_schema.hook(flatmap_path_parameters)
official_schema.hook(flatmap_path_parameters)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Django's WSGI handler closes the connection after each request (CONN_MAX_AGE=0), which inside the test's
    transaction would break it; Django's own test client disconnects the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@dataclass
class World:
    own: dict
    foreign: dict
    headers: dict  # per persona


def _bearer(user) -> dict:
    token, key = token_create(user=user, name="schemathesis")
    KNOWN_IDS.setdefault("tokens", []).append(token.pk)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once, in a transaction rolled back after the module's last test. Each test runs in a savepoint of it
    (pytest-django's `db`), so that what one test changes (a deactivated organisation, a revoked token) is gone for
    the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        own, foreign = two_organisations()
        KNOWN_IDS.update({slug: [own[slug].pk, foreign[slug].pk] for slug in own})
        world = World(own, foreign, {"superuser": _bearer(f.superuser()),
                                     "pc_official": _bearer(f.user(Role.PC_OFFICIAL, own["organisations"]))})
        # Someone else's token, for the revoke operation: it must answer 404, never revoke.
        _bearer(f.user())
        yield world
        KNOWN_IDS.clear()
        transaction.set_rollback(True)


# The persona parameter also gives each operation its own test id: with pytest 9 the operation alone is dropped.
@superuser_schema.parametrize()
@pytest.mark.parametrize("persona", ["superuser"])
@SETTINGS
def test_api_as_superuser(case, persona, world, db):
    case.call_and_validate(headers=world.headers[persona], checks=CHECKS)


def _no_foreign_records(foreign: dict):
    foreign_ids = {slug: obj.pk for slug, obj in foreign.items()}

    def no_foreign_records(ctx, response, case):
        match = re.match(r"/api/v1/([\w-]+)/", case.path)
        slug = match and match.group(1)
        if slug not in foreign_ids or response.status_code >= 300:
            return None
        body = response.json()
        items = body.get("items", [body]) if isinstance(body, dict) else []
        leaked = [item.get("id") for item in items if item.get("id") == foreign_ids[slug]]
        assert not leaked, f"{case.method} {case.formatted_path} returned a record of another organisation"
        return True

    return no_foreign_records


@official_schema.parametrize()
@pytest.mark.parametrize("persona", ["pc_official"])
@SETTINGS
def test_api_as_production_control_official(case, persona, world, db):
    case.call_and_validate(headers=world.headers[persona], checks=[*CHECKS, _no_foreign_records(world.foreign)])
