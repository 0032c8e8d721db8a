"""A permit site (tests/permits/conftest.py) with production control's people: an official, the head, an auditor,
and a requirement that an admitting person and a crew member hold a first-aid training."""

import datetime

import time_machine

from qauipsiz.accounts.choices import Role
from qauipsiz.control.services import removal as removal_services
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.models import Person
from tests import factories as f
from tests.permits.conftest import PW, START, make_site

TODAY = START.date()
LAPSED = datetime.date(2026, 10, 1)


def travel():
    """The clock at the permits' START (a Monday, 09:00 Almaty), standing still."""
    return time_machine.travel(START, tick=False)


def build_site():
    site = make_site()
    site.official = f.user(Role.PC_OFFICIAL, site.org)
    site.head = f.user(Role.HEAD, site.org)
    site.auditor = f.user(Role.AUDITOR, site.org)
    for role in (CompetenceRole.ADMITTING_PERSON, CompetenceRole.CREW_MEMBER):
        f.requirement(site.org, role, code="first_aid")
    for person in [site.issuer, site.admitting, site.performer, site.manager, site.supervisor, *site.crew]:
        f.training(person, "first_aid", passed=datetime.date(2026, 1, 10), until=datetime.date(2027, 6, 1))
    return site


def lapse(person: Person, until=LAPSED) -> None:
    """The person's first-aid training lapsed: every one of that type ends on `until`."""
    person.trainings.filter(training_type__code="first_aid").update(is_active=False)
    f.training(person, "first_aid", passed=datetime.date(2025, 10, 1), until=until)


def renew(person: Person) -> None:
    f.training(person, "first_aid", passed=TODAY, until=datetime.date(2027, 11, 1))


def removed(site, person: Person, *, reason="First aid lapsed"):
    """Proposed by the official and approved by the head from today."""
    lapse(person)
    proposal = removal_services.removal_propose(by=site.official, person=person, reason=reason)
    return removal_services.removal_approve(record=proposal, by=site.head, credentials=PW, removed_from=TODAY)
