"""315 cl.25 for every production-control record type: "access to the database is restricted; the head of the
organisation and the official exercising production control have general access".

Runs over every record type registered in `qauipsiz.control.gatekeeper.SCOPES` and the core records production control
adds roles to (`factories.EXTRA_TYPES`), each made by its factory in tests/control/factories.py (a type without one
fails the first test). Written out as the README's table says ("Who sees production-control records"), not read from
the gatekeeper:
- the outsider (the head of another organisation) finds nothing: lists are empty, pages and endpoints answer 404;
- the head of division D2 does not find division D1's records (404);
- the read-only auditor sees every record, and every write it tries is refused (403) and changes nothing;
- the officials, the service's head, the person responsible, the head and the first head see everything.
"""

import pytest

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import can, visible_to
from qauipsiz.control.gatekeeper import SCOPES
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.services import snapshot
from tests import factories as f

from .factories import EXTRA_TYPES, FACTORIES, scene

TYPES = sorted({*SCOPES, *EXTRA_TYPES})
GENERAL_ACCESS = (Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE)
WRITES = (Action.ADD, Action.CHANGE, Action.DEACTIVATE)


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _records(label):
    world = scene()
    kind = FACTORIES[label]
    return world, {key: kind.make(place) for key, place in world.places.items()}


def _login(client, role, org, *, division=None):
    user = f.user(role, org, division=division)
    client.force_login(user)
    return user


def _reads(kind, record):
    return [*kind.pages(record), *kind.api(record)]


def _has_file(data):
    # An endpoint taking a file (multipart `file`, `title`) is written to as a form, like a page.
    return any(hasattr(value, "read") for value in data.values())


def _state(kind, record):
    if kind.unchanged is not None:
        return kind.unchanged(record)
    return snapshot(type(record)._default_manager.get(pk=record.pk))


def test_315_cl25_every_control_record_type_has_a_factory():
    missing = [label for label in TYPES if label not in FACTORIES]
    assert not missing, f"add a factory to tests/control/factories.py for {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("label", TYPES)
def test_315_cl25_outsider_finds_nothing_of_another_organisation(client, label):
    world, records = _records(label)
    outsider = _login(client, Role.HEAD, world.places["B"].organisation)
    model = _model(label)
    assert set(visible_to(outsider, model)) == {records["B"]}
    for key in ("A:D1", "A:D2"):
        assert not can(outsider, Action.VIEW, records[key])
        for url in _reads(FACTORIES[label], records[key]):
            assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("label", TYPES)
def test_315_cl25_division_head_does_not_find_another_divisions_records(client, label):
    world, records = _records(label)
    d2 = world.places["A:D2"]
    head_of_d2 = _login(client, Role.DIVISION_HEAD, d2.organisation, division=d2.division)
    if FACTORIES[label].organisation_level:
        # The organisation's own records concern every division: D2's head reads both or neither.
        assert can(head_of_d2, Action.VIEW, records["A:D1"]) == can(head_of_d2, Action.VIEW, records["A:D2"])
        return
    assert can(head_of_d2, Action.VIEW, records["A:D2"])
    assert not can(head_of_d2, Action.VIEW, records["A:D1"])
    assert records["A:D1"] not in set(visible_to(head_of_d2, _model(label)))
    for url in _reads(FACTORIES[label], records["A:D1"]):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("label", TYPES)
def test_315_cl25_auditor_reads_everything_and_every_write_is_refused(client, label):
    world, records = _records(label)
    kind = FACTORIES[label]
    a = world.places["A:D1"].organisation
    auditor = _login(client, Role.AUDITOR, a)
    assert set(visible_to(auditor, _model(label))) == {records["A:D1"], records["A:D2"]}
    record = records["A:D1"]
    for action in WRITES:
        assert not can(auditor, action, record), action
    for url in kind.api(record):
        assert client.get(url).status_code == 200, url
    before, entries = _state(kind, record), LedgerEntry.objects.count()
    for method, url, data in kind.writes(record):
        if url.startswith("/api/") and not _has_file(data):
            response = getattr(client, method)(url, data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data)
        assert response.status_code == 403, (url, response.status_code)
    assert _state(kind, record) == before
    assert LedgerEntry.objects.count() == entries


@pytest.mark.django_db
@pytest.mark.parametrize("role", GENERAL_ACCESS)
@pytest.mark.parametrize("label", TYPES)
def test_315_cl25_the_officials_and_the_heads_see_everything(client, label, role):
    world, records = _records(label)
    a = world.places["A:D1"].organisation
    user = _login(client, role, a)
    assert set(visible_to(user, _model(label))) == {records["A:D1"], records["A:D2"]}
    kind = FACTORIES[label]
    for key in ("A:D1", "A:D2"):
        for url in kind.api(records[key]):
            assert client.get(url).status_code == 200, url
