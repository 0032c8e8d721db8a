"""Every status × every action × every access role through the permits' gatekeeper (`gatekeeper.check_action`).

The expected outcome comes from the table below, written from Order 344 (not read from `acts.ACTS`): who
acts (the access roles, cl.9, cl.16, cl.19-29, Annex 1 items 6-13) and in which states of the permit. A user holds one
role only and is linked to a person who is every party of the permit (issuer, admitting person, performer, approver),
so that the role and the state alone decide: a wrong role is 403 whatever the state; a right role in a wrong state is
409 (the checks run in that order). The person is also a party to a proposal of joint measures on each permit (cl.7).

The permits are built once per module (drafts through the services, then moved to each status with a queryset update:
that bypasses the ledger, which is acceptable here because the gatekeeper reads only the permit and its people).
"""

from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import transaction

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import DIVISION_SCOPED
from qauipsiz.core.models import Person
from qauipsiz.permits import gatekeeper
from qauipsiz.permits.acts import Act
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Approval, JointSignature, OverlapAgreement, Permit
from tests import factories as f

from .conftest import START, make_site

R, S = Role, Status
# Each test runs in a savepoint inside the module's transaction (see `world`), rolled back after it.
pytestmark = pytest.mark.django_db

# --- The table, from the regulation ---------------------------------------------------------------------------------

# cl.9 (contractor's authorised persons), cl.16 (head or authorised person; division heads or deputies), cl.19.
ISSUING = {R.HEAD, R.DIVISION_HEAD, R.PERMIT_ISSUER, R.CONTRACTOR_REP}
# cl.20-28: the admitting person, appointed from the division's management.
ADMITTING = {R.ADMITTING_PERSON}
# Items 1, 4, 10-13, cl.24, cl.29: the work performer (the responsible manager may be named the performer).
PERFORMING = {R.WORK_PERFORMER, R.RESPONSIBLE_MANAGER}
# cl.21, item 7: whoever the admitting person has carry out the measures — site people, the crew, the division head.
CARRYING_OUT = ADMITTING | PERFORMING | {R.CREW_MEMBER, R.DIVISION_HEAD}
# Items 8, 8.1: the shift (section) supervisor and other approvers named by the issuer.
APPROVING = {R.DIVISION_HEAD, R.HEAD, R.PC_OFFICIAL, R.ADMITTING_PERSON, R.RESPONSIBLE_MANAGER, R.PERMIT_ISSUER}

WORKING = {S.ADMITTED, S.IN_PROGRESS, S.PAUSED}  # admitted, until handed back or stopped
STOPPABLE = WORKING | {S.SUSPENDED, S.LAPSED}  # cl.25: "before the end of work under this permit"

EXPECTED: dict[str, tuple[set, set]] = {  # action: (statuses it is possible in, roles that may do it)
    Act.UPDATE: ({S.DRAFT}, ISSUING),  # cl.5: no corrections once issued
    Act.ISSUE: ({S.DRAFT}, ISSUING),  # item 6
    Act.CANCEL: ({S.DRAFT, S.ISSUED}, ISSUING),  # before admission; afterwards cl.25-26
    # cl.10, cl.21: before admission; a joint measure agreed while work goes on (cl.7) is carried out then too (the
    # service refuses the permit's other measures after admission).
    Act.COMPLETE_MEASURE: ({S.ISSUED} | WORKING, CARRYING_OUT),
    # Issue 11: several measures signed at once by who carried them out: the same actors in the same states.
    Act.COMPLETE_MEASURES: ({S.ISSUED} | WORKING, CARRYING_OUT),
    Act.ADD_JOINT_MEASURES: ({S.DRAFT, S.ISSUED} | WORKING, ISSUING),  # cl.7: before issue, entered on every permit
    # cl.7: each party's issuer (or the customer's head) signs the proposal, or withdraws it, while work may go on.
    Act.SIGN_JOINT_MEASURES: ({S.DRAFT, S.ISSUED} | WORKING, ISSUING),
    Act.WITHDRAW_JOINT_MEASURES: ({S.DRAFT, S.ISSUED} | WORKING, ISSUING),
    Act.RECORD_AIR_SAMPLE: ({S.ISSUED, S.SUSPENDED, S.LAPSED} | WORKING, CARRYING_OUT),  # item 5.4, cl.27, cl.6
    Act.APPROVE: ({S.ISSUED}, APPROVING),  # items 8, 8.1, before admission (cl.10)
    Act.ADMIT: ({S.ISSUED}, ADMITTING),  # item 9, cl.22
    Act.ACCEPT_WORKPLACE: ({S.ADMITTED}, PERFORMING),  # item 10
    Act.ADD_MEMBER: (WORKING, ADMITTING | PERFORMING),  # item 11
    Act.REMOVE_MEMBER: (WORKING | {S.SUSPENDED}, ADMITTING | PERFORMING),  # item 11, cl.27: crew leaves the place
    Act.BRIEF_MEMBER: (WORKING, ADMITTING),  # item 11: "the briefing was carried out (allowing ...)"
    Act.START_WORK: ({S.ADMITTED}, PERFORMING),  # item 11: "started work — work performer"
    Act.PAUSE: ({S.IN_PROGRESS}, ADMITTING),  # cl.23
    Act.HAND_OVER_SHIFT: ({S.IN_PROGRESS}, PERFORMING),  # cl.24
    Act.READMIT: ({S.PAUSED}, ADMITTING),  # cl.23, cl.28
    Act.EXTEND: ({S.IN_PROGRESS, S.PAUSED, S.LAPSED}, ADMITTING),  # cl.6, item 12
    Act.LAPSE: (set(), set()),  # cl.6: the scheduled job, nobody's action
    # cl.19, cl.29, item 12: the issuer names the shifts' admitting persons and performers, from issue to the end.
    Act.NAME_ADMITTING: (STOPPABLE | {S.ISSUED}, ISSUING),
    Act.NAME_SHIFT_PERFORMER: (STOPPABLE | {S.ISSUED}, ISSUING),
    Act.SUSPEND: ({S.IN_PROGRESS, S.PAUSED}, ADMITTING),  # cl.27
    Act.RESUME: ({S.SUSPENDED}, ADMITTING),  # cl.27
    Act.TERMINATE: (STOPPABLE, ADMITTING),  # cl.25
    Act.REPORT_LOST: (STOPPABLE | {S.ISSUED}, ADMITTING | ISSUING),  # cl.26
    Act.HAND_BACK: ({S.IN_PROGRESS, S.PAUSED, S.LAPSED}, PERFORMING),  # item 13
    Act.CLOSE: ({S.COMPLETED}, ADMITTING | ISSUING),  # cl.11
    Act.RETURN_EQUIPMENT: ({S.CLOSED}, {R.HEAD, R.DIVISION_HEAD}),  # cl.30: the management, once the permit is closed
}


def expected(status: str, action: str, role: str) -> str:
    statuses, roles = EXPECTED[action]
    if role not in roles:
        return "403"
    return "allowed" if status in statuses else "409"


def outcome(user, action: str, permit: Permit) -> str:
    try:
        gatekeeper.check_action(user, action, permit)
    except PermissionDenied:
        return "403"
    except ActionRefused:
        return "409"
    return "allowed"


# --- One permit per status, one user per role, for the whole module -------------------------------------------------

@dataclass
class World:
    permits: dict  # status → Permit
    people: dict  # role → Person (every party of every permit)
    users: dict  # role → User holding only that role
    strangers: dict  # role → User holding that role, linked to a person not named in any permit


def _user(site, contractor, role, name):
    person = f.person(site.org, site.division, last_name=name, contractor=contractor if role == R.CONTRACTOR_REP
                      else None)
    user = f.user(role, site.org, division=site.division if role in DIVISION_SCOPED else None,
                  contractor=contractor if role == R.CONTRACTOR_REP else None)
    Person.objects.filter(pk=person.pk).update(user=user)
    return person, user


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(START, tick=False), transaction.atomic():
        site = make_site("Matrix refinery")
        contractor = f.contractor(site.org, "Matrix contractor LLP")
        people, users, strangers = {}, {}, {}
        for role in Role:
            people[role], users[role] = _user(site, contractor, role, f"Party {role}")
            _person, strangers[role] = _user(site, contractor, role, f"Stranger {role}")
        permits = {}
        for status in Status:
            draft = site.draft(place=f"Bay {status}", devices=[])
            # A contractor's permit, so that the contractor representative's grant reaches it like everyone else's.
            Permit.objects.filter(pk=draft.pk).update(status=status, contractor=contractor)
            draft.admitting_persons.add(*people.values())
            Approval.objects.bulk_create([Approval(permit=draft, kind="8.1", approver=p) for p in people.values()])
            # A proposal of joint measures (344 cl.7) every party is to sign.
            agreement = OverlapAgreement.objects.create(organisation=site.org, measures="One watchman",
                                                        proposed_at=START, proposed_by=site.issuer)
            agreement.permits.add(draft)
            JointSignature.objects.bulk_create([JointSignature(agreement=agreement, signatory=p)
                                                for p in people.values()])
            permits[status] = (Permit.objects.select_related("division", "organisation")
                               .prefetch_related("other_divisions").get(pk=draft.pk))
        yield World(permits=permits, people=people, users=users, strangers=strangers)
        transaction.set_rollback(True)


def as_party(world, status: str, role: str) -> Permit:
    """The permit of `status` naming the role's person as issuer and performer (admitting and approver already)."""
    permit = world.permits[status]
    permit.issuer_id = permit.performer_id = world.people[role].pk
    return permit


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("action", list(Act), ids=[a.value for a in Act])
@pytest.mark.parametrize("status", list(Status), ids=[s.value for s in Status])
def test_transition_matrix(world, status, action, role):
    """344 cl.5-30: the gatekeeper allows exactly the regulation's actor in the regulation's states (403, then 409)."""
    permit = as_party(world, status, role)
    assert outcome(world.users[role], action, permit) == expected(status, action, role)


@pytest.mark.parametrize("action", [a for a in Act if a not in (Act.LAPSE, Act.COMPLETE_MEASURE, Act.COMPLETE_MEASURES,
                                                                  Act.RETURN_EQUIPMENT)],
                         ids=lambda a: a.value)
def test_transition_matrix_role_without_the_party_is_refused(world, action):
    """344 cl.10-29: the right role is not enough — only the person the permit names may act (403 before any 409)."""
    statuses, roles = EXPECTED[action]
    role = sorted(roles)[0]
    for status in (sorted(statuses)[0], Status.CLOSED):
        permit = as_party(world, status, role)
        assert outcome(world.strangers[role], action, permit) == "403", (status, role)


def test_transition_matrix_measure_executor_is_anyone_of_the_organisation(world):
    """344 cl.21: measures are carried out by the people the admitting person organises — not only those named."""
    permit = as_party(world, Status.ISSUED, R.CREW_MEMBER)
    assert outcome(world.strangers[R.CREW_MEMBER], Act.COMPLETE_MEASURE, permit) == "allowed"
    assert outcome(world.strangers[R.AUDITOR], Act.COMPLETE_MEASURE, permit) == "403"
    assert outcome(world.strangers[R.CREW_MEMBER], Act.COMPLETE_MEASURES, permit) == "allowed"
    assert outcome(world.strangers[R.AUDITOR], Act.COMPLETE_MEASURES, permit) == "403"


def test_344_cl30_transition_matrix_management_is_not_a_person_the_permit_names(world):
    """344 cl.30: "the management of the organisation (site)" starts the equipment: a head or division head, named in
    the permit or not; nobody else."""
    permit = as_party(world, Status.CLOSED, R.HEAD)
    assert outcome(world.strangers[R.HEAD], Act.RETURN_EQUIPMENT, permit) == "allowed"
    assert outcome(world.strangers[R.DIVISION_HEAD], Act.RETURN_EQUIPMENT, permit) == "allowed"
    assert outcome(world.strangers[R.ADMITTING_PERSON], Act.RETURN_EQUIPMENT, permit) == "403"


def test_transition_matrix_contractor_rep_reaches_only_its_contractors_permits(world):
    """344 cl.9: the contractor's authorised person acts on that contractor's permits only."""
    permit = as_party(world, Status.DRAFT, R.CONTRACTOR_REP)
    assert outcome(world.users[R.CONTRACTOR_REP], Act.ISSUE, permit) == "allowed"
    permit.contractor_id = None
    try:
        assert outcome(world.users[R.CONTRACTOR_REP], Act.ISSUE, permit) == "403"
    finally:
        permit.contractor_id = world.permits[Status.ISSUED].contractor_id


def test_transition_matrix_table_covers_every_action():
    """The table above names every action of the workflow."""
    assert set(EXPECTED) == set(Act)
