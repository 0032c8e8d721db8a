"""An organisation with what its Regulation on production control (315 cl.5-6) is drawn from: a shop, a facility with
two units, a building and a device overdue, an official appointed by order, and the logins of the people concerned."""

import datetime
from dataclasses import dataclass

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.services import record_update
from tests import factories as f

PASSWORD = "correct horse battery"
PW = {"password": PASSWORD}


@dataclass
class RegulationSite:
    org: object
    division: object
    facility: object
    official: object
    head: object
    first_head: object
    auditor: object
    division_head: object
    outsider: object


def build() -> RegulationSite:
    org = f.organisation("Shymkent refinery")
    division = f.division(org, "Shop 1")
    facility = f.facility(org, division, name_en="Crude unit", name_kk="Шикі мұнай қондырғысы",
                          registration_number="HPF-0001", accidents_note="No accidents since 2019.")
    f.location(facility, "Unit AVT-6")
    f.location(facility, "Unit ELOU")
    f.building(facility, next_inspection_on=datetime.date(2020, 1, 1))
    f.device(facility, next_certification_on=datetime.date(2020, 1, 1))
    person = f.person(org, division, last_name="Petrov", position_en="Chief safety engineer")
    f.appointment(person, AppointmentRole.PC_OFFICIAL, whole=True)
    official = f.user(Role.PC_OFFICIAL, org)
    person.user = official
    record_update(by=f.superuser(), instance=person)
    other = f.organisation("Other refinery")
    return RegulationSite(org=org, division=division, facility=facility, official=official,
                          head=f.user(Role.HEAD, org), first_head=f.user(Role.FIRST_HEAD, org),
                          auditor=f.user(Role.AUDITOR, org),
                          division_head=f.user(Role.DIVISION_HEAD, org, division=division),
                          outsider=f.user(Role.HEAD, other))
