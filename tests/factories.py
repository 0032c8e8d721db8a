"""Small builders for test data. Plain functions: each test says what it needs, nothing hides in a factory graph."""

import datetime
import importlib
import itertools

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import User
from qauipsiz.accounts.services import role_grant
from qauipsiz.core import models
from qauipsiz.core.choices import AppointmentRole, DeviceType, HazardClass
from qauipsiz.core.identifiers import make_bin, make_iin
from qauipsiz.core.services import record_create

_serial = itertools.count(1)
_issued: set[str] = set()


def _n() -> int:
    return next(_serial)


def superuser() -> User:
    user, _created = User.objects.get_or_create(username="root", defaults={"is_superuser": True, "is_staff": True})
    return user


def bin_number(year: int = 2010, month: int = 5) -> str:
    """A valid BIN not handed out before in this test run."""
    while True:
        value = make_bin(year, month, serial=_n())
        if value not in _issued:
            _issued.add(value)
            return value


def organisation(name: str = "Test refinery", **fields) -> models.Organisation:
    return record_create(by=superuser(), instance=models.Organisation(name_en=name, bin=bin_number(), **fields))


def division(org, name: str = "Shop", parent=None, **fields) -> models.Division:
    return record_create(by=superuser(), instance=models.Division(organisation=org, name_en=name, parent=parent,
                                                                  **fields))


def facility(org, div, **fields) -> models.HazardousFacility:
    fields.setdefault("registration_number", f"HPF-{_n()}")
    fields.setdefault("hazard_class", HazardClass.II)
    fields.setdefault("name_en", "Crude unit")
    return record_create(by=superuser(), instance=models.HazardousFacility(organisation=org, division=div, **fields))


def location(fac, name: str = "Unit AVT-6", parent=None, **fields) -> models.Location:
    """A unit of the facility, or an area of the unit `parent` (344 cl.7: facility → unit → area)."""
    kind = "area" if parent is not None else "unit"
    return record_create(by=superuser(), instance=models.Location(organisation=fac.organisation, facility=fac,
                                                                  parent=parent, kind=kind, name_en=name, **fields))


def device(fac, **fields) -> models.TechnicalDevice:
    fields.setdefault("registration_number", f"REG-{_n()}")
    fields.setdefault("device_type", DeviceType.PRESSURE_VESSEL)
    fields.setdefault("name_en", "Separator")
    return record_create(by=superuser(), instance=models.TechnicalDevice(organisation=fac.organisation, facility=fac,
                                                                         **fields))


def building(fac, **fields) -> models.BuildingStructure:
    fields.setdefault("name_en", "Pump house")
    return record_create(by=superuser(), instance=models.BuildingStructure(organisation=fac.organisation,
                                                                           facility=fac, **fields))


def contractor(org, name: str = "Scaffold LLP", **fields) -> models.Contractor:
    return record_create(by=superuser(), instance=models.Contractor(organisation=org, name_en=name,
                                                                    bin=bin_number(2015, 3), **fields))


def iin(birth=datetime.date(1985, 4, 12), female=False) -> str:
    """A valid IIN not handed out before in this test run (make_iin skips serials without a check digit)."""
    while True:
        value = make_iin(birth, female=female, serial=_n())
        if value not in _issued:
            _issued.add(value)
            return value


def person(org, div=None, *, contractor=None, last_name="Ivanov", **fields) -> models.Person:
    fields.setdefault("first_name", "Ivan")
    return record_create(by=superuser(), instance=models.Person(
        organisation=org, division=div, contractor=contractor, iin=fields.pop("iin", None) or iin(),
        last_name=last_name, **fields))


def training_type(code: str) -> models.TrainingType:
    """A built-in training type. Tests that truncate tables (the browser tests) also remove the migration's rows."""
    builtin_types = importlib.import_module("qauipsiz.core.migrations.0002_builtin_training_types")
    found = models.TrainingType.objects.filter(organisation__isnull=True, code=code).first()
    if found is None:
        for c, kk, ru, en, months, electrical in builtin_types.BUILTIN_TYPES:
            models.TrainingType.objects.get_or_create(organisation=None, code=c, defaults={
                "name_kk": kk, "name_ru": ru, "name_en": en, "validity_months": months,
                "has_electrical_group": electrical})
        found = models.TrainingType.objects.get(organisation__isnull=True, code=code)
    return found


def training(p, code="industrial_safety", passed=datetime.date(2026, 1, 10), until=datetime.date(2027, 1, 10),
             **fields) -> models.Training:
    return record_create(by=superuser(), instance=models.Training(
        organisation=p.organisation, person=p, training_type=training_type(code),
        document_number=fields.pop("document_number", f"DOC-{_n()}"), passed_on=passed, valid_until=until, **fields))


def appointment(p, role=AppointmentRole.PERMIT_ISSUER, *, divisions=(), whole=False,
                valid_from=datetime.date(2026, 1, 5), valid_until=None, position="") -> models.Appointment:
    return record_create(by=superuser(), instance=models.Appointment(
        organisation=p.organisation, person=p, role=role, order_number=f"{_n()}-ө", order_date=valid_from,
        valid_from=valid_from, valid_until=valid_until, whole_organisation=whole, position=position),
        m2m={"divisions": divisions})


def requirement(org, role, code="work_at_height") -> models.RoleTrainingRequirement:
    """The organisation requires the training `code` for `role` (the competence of 344 cl.19)."""
    return record_create(by=superuser(), instance=models.RoleTrainingRequirement(
        organisation=org, role=role, training_type=training_type(code)))


def user(role: str | None = None, org=None, *, division=None, contractor=None, username=None) -> User:
    u = User.objects.create_user(username=username or f"user{_n()}", password="correct horse battery")
    if role:
        role_grant(by=superuser(), user=u, organisation=org, role=role, division=division, contractor=contractor)
    return u


ALL_ROLES = [r.value for r in Role]


def xlsx_bytes(rows) -> bytes:
    """An XLSX file with these rows, as a user would upload it."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
