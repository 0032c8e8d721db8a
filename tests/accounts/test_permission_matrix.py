"""The permission matrix: every role × every action × every register type, through the pages and through the API.

The expectations below are written out independently of `qauipsiz.accounts.policy`, as the issue states them:
the head and production-control officials see the whole organisation (315 cl.25), a division head the division's subtree,
a contractor representative only the contractor's own people and records, and nobody another organisation's data.
Lists and search must never leak; a record outside one's scope answers 404; a denied action answers 403 and changes
nothing.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.core import models
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.resources import RESOURCES
from tests import factories as f

# 315 cl.25: the head and the officials have general access; the service's head, the person responsible for production
# control and the first head with them.
ORG_WIDE = {Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE, Role.AUDITOR,
            Role.SYSADMIN}
DIVISION_SCOPED = {Role.DIVISION_HEAD, Role.PERMIT_ISSUER, Role.ADMITTING_PERSON, Role.RESPONSIBLE_MANAGER,
                   Role.WORK_PERFORMER, Role.CREW_MEMBER}
OUTSIDER = "outsider"  # the head of another organisation
ROLES = [r.value for r in Role] + [OUTSIDER]

# Reference data every role of the organisation may read.
SHARED = {"organisations", "training-types", "role-requirements", "legal-acts", "clauses", "clause-editions"}
# Organisation-level records without a division: division-scoped roles read them all.
ORG_LEVEL = SHARED | {"contractors"}
CONTRACTOR_OWN = {"contractors", "people", "trainings", "appointments"}

VIEW, ADD, CHANGE, DEACTIVATE = "view", "add", "change", "deactivate"
ALL = {VIEW, ADD, CHANGE, DEACTIVATE}


def allowed_actions(role: str, slug: str) -> set[str]:
    if role in (Role.SYSADMIN, Role.HEAD, OUTSIDER):
        return {VIEW, CHANGE} if slug == "organisations" else ALL
    if role in (Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE):
        return {VIEW} if slug == "organisations" else ALL
    if role == Role.DIVISION_HEAD:
        return ALL if slug in {"divisions", "people", "trainings", "buildings", "devices", "locations"} else {VIEW}
    if role == Role.CONTRACTOR_REP:
        return ALL if slug in {"people", "trainings"} else {VIEW}
    return {VIEW}


def visible(role: str, slug: str, location: str) -> bool:
    if role == OUTSIDER:
        return location == "B"
    if location == "B":
        return False
    if role in ORG_WIDE:
        return True
    if role == Role.CONTRACTOR_REP:
        return (slug in SHARED) or (slug in CONTRACTOR_OWN and location == "A:C")
    return slug in ORG_LEVEL or location == "A:D1"


@dataclass
class World:
    a: models.Organisation
    b: models.Organisation
    d1: models.Division
    d1a: models.Division
    d2: models.Division
    contractor: models.Contractor
    facility: models.HazardousFacility
    person: models.Person
    contractor_person: models.Person
    act: models.LegalAct
    records: dict[str, dict[str, object]] = field(default_factory=dict)


def build_world() -> World:
    a, b = f.organisation("Refinery A"), f.organisation("Refinery B")
    d1 = f.division(a, "D1")
    d1a = f.division(a, "D1a", parent=d1)
    d2 = f.division(a, "D2")
    db_ = f.division(b, "DB shop")
    c = f.contractor(a)
    cb = f.contractor(b, "B contractor")
    fac = {"A:D1": f.facility(a, d1a), "A:D2": f.facility(a, d2), "B": f.facility(b, db_)}
    people = {"A:D1": f.person(a, d1a, last_name="Inside"), "A:D2": f.person(a, d2, last_name="Elsewhere"),
              "A:C": f.person(a, d2, contractor=c, last_name="Contracted"), "B": f.person(b, db_, last_name="Foreign")}
    acts = {}
    for loc, org in (("A:org", a), ("B", b)):
        acts[loc] = models.LegalAct.objects.create(organisation=org, title_en=f"Act {loc}", number="1",
                                                   adopted_on=datetime.date(2021, 6, 24), issuer="MES")
    safety = f.training_type("industrial_safety")
    world = World(a=a, b=b, d1=d1, d1a=d1a, d2=d2, contractor=c, facility=fac["A:D1"], person=people["A:D1"],
                  contractor_person=people["A:C"], act=acts["A:org"])
    world.records = {
        "organisations": {"A:org": a, "B": b},
        "divisions": {"A:D1": d1a, "A:D2": d2, "B": db_},
        "facilities": fac,
        "locations": {loc: f.location(x, f"Unit {loc}") for loc, x in fac.items()},
        "buildings": {loc: f.building(x) for loc, x in fac.items()},
        "devices": {loc: f.device(x) for loc, x in fac.items()},
        "contractors": {"A:C": c, "B": cb},
        "people": people,
        "trainings": {loc: f.training(p) for loc, p in people.items()},
        "appointments": {loc: f.appointment(p, whole=True) for loc, p in people.items()},
        "training-types": {loc: models.TrainingType.objects.create(organisation=org, code="custom", name_en="Custom")
                           for loc, org in (("A:org", a), ("B", b))},
        "role-requirements": {loc: models.RoleTrainingRequirement.objects.create(
            organisation=org, role=AppointmentRole.PERMIT_ISSUER, training_type=safety)
            for loc, org in (("A:org", a), ("B", b))},
        "legal-acts": acts,
        "clauses": {loc: models.LegalActClause.objects.create(act=act, number="5", text_en="Clause")
                    for loc, act in acts.items()},
    }
    # 315 cl.16: each clause's wording of 2021, ended, so that a new edition of 2030 fits after it.
    world.records["clause-editions"] = {loc: models.ClauseEdition.objects.create(
        clause=clause, in_force_from=datetime.date(2021, 6, 24), in_force_until=datetime.date(2029, 12, 31),
        text_en="Clause edition") for loc, clause in world.records["clauses"].items()}
    return world


def make_user(role: str, world: World):
    if role == OUTSIDER:
        return f.user(Role.HEAD, world.b)
    if role == Role.CONTRACTOR_REP:
        return f.user(role, world.a, contractor=world.contractor)
    if role in DIVISION_SCOPED:
        return f.user(role, world.a, division=world.d1)
    return f.user(role, world.a)


def reaches(role: str, slug: str) -> bool:
    """Whether the role sees any record of this type at all (otherwise its list answers 403)."""
    return role != Role.CONTRACTOR_REP or slug in SHARED | CONTRACTOR_OWN


def new_record_data(slug: str, role: str, world: World, n: int = 1) -> dict:
    """Form data for a new record inside the role's own scope; `n` keeps unique fields unique."""
    org = world.b if role == OUTSIDER else world.a
    in_contractor = role == Role.CONTRACTOR_REP
    person = world.contractor_person if in_contractor else world.person
    safety = f.training_type("industrial_safety")
    data = {
        "organisations": {"name_en": "New", "bin": f.bin_number(2012, 1)},
        "divisions": {"name_en": "New site", "kind": "site", "parent": world.d1a.pk},
        "facilities": {"name_en": "New unit", "registration_number": f"NEW-{n}", "hazard_class": "2",
                       "division": world.d1a.pk, "units_count": 1},
        "locations": {"name_en": "New unit", "kind": "unit", "facility": world.facility.pk, "code": f"U-{n}"},
        "buildings": {"name_en": "New building", "kind": "building", "facility": world.facility.pk},
        "devices": {"name_en": "New device", "device_type": "boiler", "facility": world.facility.pk,
                    "registration_number": f"NEW-DEV-{n}"},
        "contractors": {"name_en": "New contractor", "bin": f.bin_number(2016, 2)},
        "people": {"iin": f.iin(), "last_name": "Newman", "first_name": "Nurlan",
                   **({"contractor": world.contractor.pk} if in_contractor else {"division": world.d1a.pk})},
        "training-types": {"name_en": "New type", "code": f"new-type-{n}"},
        "trainings": {"person": person.pk, "training_type": safety.pk, "document_number": f"NEW-{n}",
                      "passed_on": "2026-02-01", "valid_until": "2027-02-01"},
        "appointments": {"person": person.pk, "role": "work_performer", "order_number": "9-ө",
                         "order_date": "2026-03-01", "valid_from": "2026-03-01", "whole_organisation": True},
        "role-requirements": {"role": ["crew_member", "work_performer"][n - 1], "training_type": safety.pk},
        "legal-acts": {"title_en": "New act", "number": "77", "adopted_on": "2020-08-28", "issuer": "MLSP",
                       "status": "in_force"},
        "clauses": {"act": world.act.pk, "number": f"9.{n}", "text_en": "New clause"},
        "clause-editions": {"clause": world.records["clauses"]["A:org"].pk, "in_force_from": f"2030-0{n}-01",
                            "in_force_until": f"2030-0{n}-28", "text_en": "New edition"},
    }[slug]
    if slug == "divisions" and role in ORG_WIDE:
        data["parent"] = world.d1.pk
    if role == OUTSIDER and slug in {"divisions", "facilities", "locations", "buildings", "devices", "people", "trainings",
                                     "appointments", "clauses", "clause-editions"}:
        return {}  # the outsider's own-organisation creates are covered by the head's expectations
    if slug not in {"organisations", "clauses", "clause-editions"}:
        data["organisation"] = org.pk
    return data


# A search term that matches every tracked record of the type, in scope or not: the results must still hold only
# the records in scope.
SEARCH_ALL = {
    "organisations": "Refinery", "divisions": "D", "facilities": "HPF-", "locations": "Unit", "buildings": "Pump house",
    "devices": "REG-",
    "contractors": "c", "people": "e", "trainings": "DOC-", "appointments": "-ө", "training-types": "Custom",
    "role-requirements": "Industrial", "legal-acts": "Act", "clauses": "Clause",
    "clause-editions": "Clause edition",
}

# One text field per type to change in the edit test.
EDIT_FIELD = {
    "organisations": "address", "divisions": "code", "facilities": "location", "locations": "code",
    "buildings": "inventory_number",
    "devices": "serial_number", "contractors": "contact_person", "people": "position_ru", "training-types": "name_en",
    "trainings": "issued_by", "appointments": "order_number", "role-requirements": None, "legal-acts": "issuer",
    "clauses": "text_en", "clause-editions": "text_en",
}


def form_data_of(slug: str, obj) -> dict:
    resource = RESOURCES[slug]
    initial = resource.form(instance=obj, user=f.superuser()).initial
    data = {}
    for name in resource.form._meta.fields:
        value = initial.get(name)
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def api_json(data: dict) -> dict:
    """The same data as the API takes it: booleans as JSON booleans, empty values left out."""
    out = {}
    for key, value in data.items():
        if key == "whole_organisation":
            out[key] = bool(value)
        elif value == "" or value is None:
            continue
        else:
            out[key] = value
    return out


CASES = [(role, slug) for role in ROLES for slug in RESOURCES]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "slug"), CASES, ids=[f"{r}-{s}" for r, s in CASES])
def test_permission_matrix(client, role, slug):
    world = build_world()
    user = make_user(role, world)
    client.force_login(user)
    records = world.records[slug]
    model = RESOURCES[slug].model
    actions = allowed_actions(role, slug)

    # --- list, search and export (pages and API) never show a record outside the scope
    expected_ids = {obj.pk for loc, obj in records.items() if visible(role, slug, loc)}
    listed = client.get(reverse("core:list", args=[slug]), {"active": "all"})
    api_list = client.get(f"/api/v1/{slug}/", {"active": "all", "limit": 500})
    export = client.get(reverse("core:export", args=[slug]), {"active": "all"})
    if reaches(role, slug):
        assert listed.status_code == api_list.status_code == export.status_code == 200
        tracked = {obj.pk for obj in records.values()}
        assert {obj.pk for obj, _values in listed.context["rows"]} & tracked == expected_ids
        assert {item["id"] for item in api_list.json()["items"]} & tracked == expected_ids
        search = {"active": "all", "q": SEARCH_ALL[slug]}
        found = client.get(reverse("core:list", args=[slug]), search)
        assert {obj.pk for obj, _values in found.context["rows"]} & tracked == expected_ids
        api_found = client.get(f"/api/v1/{slug}/", {**search, "limit": 500})
        assert {item["id"] for item in api_found.json()["items"]} & tracked == expected_ids
    else:
        assert listed.status_code == api_list.status_code == export.status_code == 403

    # --- each record: detail, edit, deactivate; 404 outside the scope, 403 when the role may not
    for location, obj in records.items():
        url_args = [slug, obj.pk]
        can_see = visible(role, slug, location)
        detail = client.get(reverse("core:detail", args=url_args))
        assert detail.status_code == (200 if can_see else 404), (location, detail.status_code)
        assert client.get(f"/api/v1/{slug}/{obj.pk}").status_code == (200 if can_see else 404)

        field_name = EDIT_FIELD[slug]
        data = form_data_of(slug, obj)
        if field_name:
            data[field_name] = "changed by test"
        expected_edit = 302 if can_see and CHANGE in actions else 403 if can_see else 404
        before = model.objects.get(pk=obj.pk)
        response = client.post(reverse("core:edit", args=url_args), data)
        assert response.status_code == expected_edit, (location, response.status_code,
                                                       getattr(response, "context", None) and
                                                       response.context.get("form") and response.context["form"].errors)
        after = model.objects.get(pk=obj.pk)
        if expected_edit != 302 and field_name:
            assert getattr(after, field_name) == getattr(before, field_name), "a refused edit changed the record"
        if expected_edit == 302 and field_name:
            assert getattr(after, field_name) == "changed by test"
        api_patch = client.patch(f"/api/v1/{slug}/{obj.pk}", {field_name or "role": "api change" if field_name
                                 else "responsible_manager"}, content_type="application/json")
        assert api_patch.status_code == {302: 200, 403: 403, 404: 404}[expected_edit], api_patch.content

        expected_deactivate = 302 if can_see and DEACTIVATE in actions else 403 if can_see else 404
        response = client.post(reverse("core:deactivate", args=url_args))
        assert response.status_code == expected_deactivate, (location, response.status_code)
        assert model.objects.get(pk=obj.pk).is_active is (expected_deactivate != 302)
        api_activate = client.post(f"/api/v1/{slug}/{obj.pk}/activate")
        assert api_activate.status_code == {302: 200, 403: 403, 404: 404}[expected_deactivate]
        assert model.objects.get(pk=obj.pk).is_active is True

    # --- create inside one's own scope, through the page and through the API
    data = new_record_data(slug, role, world)
    if not data:
        return
    count = model.objects.count()
    assert client.get(reverse("core:create", args=[slug])).status_code == (200 if ADD in actions else 403)
    response = client.post(reverse("core:create", args=[slug]), data)
    if ADD in actions:
        assert response.status_code == 302, response.context and response.context["form"].errors
        assert model.objects.count() == count + 1
    else:
        assert response.status_code == 403
        assert model.objects.count() == count
    api_create = client.post(f"/api/v1/{slug}/", api_json(new_record_data(slug, role, world, n=2)),
                             content_type="application/json")
    assert api_create.status_code == (201 if ADD in actions else 403), api_create.content
    assert model.objects.count() == count + (2 if ADD in actions else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE])
def test_315_cl3_a_grant_tied_to_an_ended_appointment_reaches_no_register_type(role):
    """315 cl.3: the production-control functions' access lasts as long as the head's order; once the appointment
    ended, the grant tied to it reaches nothing, whatever the type."""
    from qauipsiz.accounts.models import RoleGrant
    from qauipsiz.accounts.policy import forget_grants, visible_to
    from qauipsiz.core.services import record_update

    world = build_world()
    user = make_user(role, world)
    appointment = f.appointment(world.person, AppointmentRole(role.value), whole=True,
                                valid_from=datetime.date(2026, 1, 5))
    RoleGrant.objects.filter(user=user).update(appointment=appointment)
    forget_grants(user)
    assert all(visible_to(user, RESOURCES[slug].model).exists() for slug in ("people", "facilities"))
    appointment.valid_until = datetime.date(2026, 2, 1)
    record_update(by=f.superuser(), instance=appointment)
    forget_grants(user)
    for slug, resource in RESOURCES.items():
        assert not visible_to(user, resource.model).exists(), slug
