"""344 cl.29, item 12 (the Kazakh text decides): after issue the issuer, with his signature, replaces a named admitting
person or adds an admitting person of a shift ("ауысымдағы жұмысқа рұқсат беруші"), and names the responsible work
performers of the shifts ("жауапты жұмыс жүргізушілер әр ауысым үшін тағайындалады"); only those performers (and the
permit's own) accept a shift in an extension. Through the service, the API and the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.core.models import Person
from qauipsiz.ledger.signatures import SignatureRefused, signatures_of
from qauipsiz.permits import forms, services
from qauipsiz.permits.choices import NamingKind, Status
from qauipsiz.permits.documents.permit import permit_context, permit_pdf
from qauipsiz.permits.gatekeeper import named_performers, named_q
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, START, staff
from .test_api import SIGN, as_, error, ok  # noqa: F401
from .test_views_support import SIGN as PAGE_SIGN
from .test_views_support import as_user, text, url


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


@pytest.fixture
def second(site):
    """Another admitting person of the division's management (344 cl.20)."""
    return staff(site.org, site.division, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON, last_name="Smenov")


@pytest.fixture
def night(site):
    return staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Nochnoy")


def named(person) -> set:
    return set(Permit.objects.filter(named_q(person)).values_list("pk", flat=True))


# --- admitting persons (cl.29, item 12, cl.20) ----------------------------------------------------------------------

def test_344_cl29_item12_issuer_replaces_an_admitting_person_after_issue(site, clock, second):
    """The replaced person stays on record (who was admitting when) and no longer acts; the new one does, and the
    gatekeeper's named people follow the change."""
    permit = site.in_progress(crew=2)
    naming = services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials=PW, person=second,
                                            replaces=site.admitting)
    assert (naming.kind, naming.person, naming.replaced, naming.named_by) == (
        NamingKind.ADMITTING_REPLACED, second, site.admitting, site.issuer)
    assert list(permit.admitting_persons.all()) == [second]
    assert signatures_of(permit).get(purpose="permits.permit.cl29_admitting_named").signer_person == site.issuer
    assert permit.periods.get().admitted_by == site.admitting  # the admission he gave stays his
    assert permit.pk in named(second) and permit.pk not in named(site.admitting)
    with pytest.raises(PermissionDenied):
        services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    services.permit_pause(permit=permit, by=second.user, credentials=PW, performer_credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.PAUSED


def test_344_item12_issuer_adds_an_admitting_person_of_a_shift_who_extends(site, clock, second):
    permit = site.in_progress(crew=2)
    services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials=PW, person=second)
    assert set(permit.admitting_persons.all()) == {site.admitting, second}
    assert permit.namings.get().kind == NamingKind.ADMITTING_ADDED
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    extension = services.permit_extend(measures_checked=True, permit=permit, by=second.user, credentials=PW,
                                       shift_performer=site.performer, performer_credentials=PW, crew_count=2)
    assert extension.admitted_by == second


def test_344_cl20_named_admitting_person_comes_from_the_divisions_management(site, clock):
    """344 cl.20 (Kazakh: "жұмыстар жүргізілетін жердегі бөлімшенің басшылық құрамынан"): of the management of the
    permit's division (or one above it), as at issue; otherwise refused and nothing changes."""
    permit = site.in_progress(crew=1)
    elsewhere = staff(site.org, f.division(site.org, "Boiler house"), AppointmentRole.ADMITTING_PERSON,
                      Role.ADMITTING_PERSON, last_name="Kotelnikov")
    with pytest.raises(ActionRefused, match=r"is not of the management of .*344 cl\.20"):
        services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials=PW, person=elsewhere,
                                       replaces=site.admitting)
    # 344 cl.19: and competent as an admitting person (here a training the organisation requires, which he lacks).
    f.requirement(site.org, CompetenceRole.ADMITTING_PERSON, "work_at_height")
    with pytest.raises(ActionRefused, match="not competent as Admitting person"):
        services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials=PW, person=site.crew[3])
    assert list(permit.admitting_persons.all()) == [site.admitting] and not permit.namings.exists()


def test_344_cl29_only_the_issuer_names_with_his_own_signature(site, clock, second):
    permit = site.in_progress(crew=1)
    with pytest.raises(PermissionDenied):
        services.permit_name_admitting(permit=permit, by=site.admitting.user, credentials=PW, person=second)
    with pytest.raises(SignatureRefused):
        services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials={"password": "wrong"},
                                       person=second)
    with pytest.raises(ValidationError):  # only a named admitting person is replaced
        services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials=PW, person=second,
                                       replaces=site.performer)
    draft = site.draft(place="Other bay", devices=[])
    with pytest.raises(ActionRefused):  # the draft is simply edited
        services.permit_name_admitting(permit=draft, by=site.issuer.user, credentials=PW, person=second)
    assert not permit.namings.exists() and list(permit.admitting_persons.all()) == [site.admitting]


def test_344_cl29_item12_printed_permit_shows_who_was_admitting_when(site, clock, second, night):
    permit = site.in_progress(crew=1)
    services.permit_name_admitting(permit=permit, by=site.issuer.user, credentials=PW, person=second,
                                   replaces=site.admitting)
    site.name_for_shifts(permit, night)
    context = permit_context(permit, language="en")
    assert any("Smenov" in line and "in place of" in line and "Dopuskov" in line and "23.11.2026" in line
               for line in context["item3"])
    assert any("Nochnoy" in line for line in context["shift_performers"])
    assert permit_pdf(permit, language="kk").startswith(b"%PDF")  # the form renders with both additions


def test_344_cl29_item12_api_replaces_and_adds_admitting_persons(site, clock, second):
    permit = site.in_progress(crew=1)
    path = f"/{permit.pk}/admitting-persons"
    body = error(as_(site.issuer).post(path, {"signature": SIGN, "person": second.pk, "replaces": 999999}), 422)
    assert "replaces" in body["errors"]
    error(as_(site.admitting).post(path, {"signature": SIGN, "person": second.pk}), 403)
    body = ok(as_(site.issuer).post(path, {"signature": SIGN, "person": second.pk, "replaces": site.admitting.pk}))
    assert [p["id"] for p in body["admitting_persons"]] == [second.pk]
    assert body["namings"][0]["kind"] == "admitting_replaced"
    assert body["namings"][0]["replaced"]["id"] == site.admitting.pk
    again = error(as_(site.issuer).post(path, {"signature": SIGN, "person": second.pk}), 422)
    assert "already an admitting person" in str(again)


def test_344_cl29_item12_page_replaces_an_admitting_person(client, site, clock, second):
    permit = site.in_progress(crew=1)
    issuer = as_user(client, site.issuer)
    assert url("name-admitting", permit.pk) in text(issuer.get(url("detail", permit.pk)))  # the permit page's action
    page = text(issuer.get(url("name-admitting", permit.pk)))
    assert "Smenov" in page and "344 cl.29" in page
    response = issuer.post(url("name-admitting", permit.pk), {"person": second.pk, "replaces": site.admitting.pk,
                                                              **PAGE_SIGN})
    assert response.status_code == 302, text(response)[:2000]
    detail = text(issuer.get(url("detail", permit.pk)))
    assert "in place of" in detail and "Dopuskov" in detail
    assert list(permit.admitting_persons.all()) == [second]


# --- the performers of the shifts (cl.29, item 12) ------------------------------------------------------------------

def test_344_cl29_extension_accepts_only_performers_named_by_the_issuer(site, clock, night):
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    with pytest.raises(ValidationError, match="not named by the issuer"):
        services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                               shift_performer=night, performer_credentials=PW, crew_count=2)
    assert not permit.extensions.exists()
    services.permit_name_shift_performer(permit=permit, by=site.issuer.user, credentials=PW, person=night)
    assert signatures_of(permit).get(purpose="permits.permit.cl29_shift_performer_named").signer_person == site.issuer
    assert permit.pk in named(night)
    extension = services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                       shift_performer=night, performer_credentials=PW, crew_count=2)
    assert extension.accepted_by == night


def test_344_cl29_named_shift_performer_must_be_competent(site, clock):
    permit = site.in_progress(crew=1)
    untrained = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Neobuchen", appointment=False)
    # 344 cl.19: the competence the organisation requires of a performer, a training the newcomer lacks (the
    # permit's own performers have it).
    for trained in (site.performer, *Person.objects.filter(last_name="Nochnoy")):
        f.training(trained, code="work_at_height")
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    with pytest.raises(ActionRefused, match="not competent as Work performer"):
        services.permit_name_shift_performer(permit=permit, by=site.issuer.user, credentials=PW, person=untrained)
    with pytest.raises(ValidationError, match="already a work performer"):
        services.permit_name_shift_performer(permit=permit, by=site.issuer.user, credentials=PW, person=site.performer)
    assert set(named_performers(permit)) == {site.performer}


def test_344_cl29_shift_performers_named_at_drafting_must_be_competent(site, clock, night):
    draft = site.draft()
    services.permit_update(by=site.issuer.user, permit=draft, changes={}, shift_performers=[night])
    untrained = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Neobuchen", appointment=False)
    # 344 cl.19: the competence the organisation requires of a performer, a training the newcomer lacks (the
    # permit's own performers have it).
    for trained in (site.performer, *Person.objects.filter(last_name="Nochnoy")):
        f.training(trained, code="work_at_height")
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    with pytest.raises(ValidationError, match="Neobuchen Ivan is not competent as Work performer"):
        services.permit_update(by=site.issuer.user, permit=draft, changes={}, shift_performers=[night, untrained])
    services.permit_issue(permit=draft, by=site.issuer.user, credentials=PW)
    assert set(named_performers(draft)) == {site.performer, night}


def test_344_cl29_api_extension_and_drafting_take_only_named_performers(site, clock, night):
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    extend = {"signature": SIGN, "cosignature": SIGN, "crew_count": 2, "measures_checked": True,
              "shift_performer": night.pk}
    body = error(as_(site.admitting).post(f"/{permit.pk}/extend", extend), 422)
    assert "shift_performer" in body["errors"] and "not named by the issuer" in str(body)
    body = ok(as_(site.issuer).post(f"/{permit.pk}/shift-performers", {"signature": SIGN, "person": night.pk}))
    assert [p["id"] for p in body["shift_performers"]] == [night.pk]
    assert body["namings"][-1]["kind"] == "shift_performer"
    body = ok(as_(site.admitting).post(f"/{permit.pk}/extend", extend))
    assert body["extensions"][-1]["accepted_by"]["id"] == night.pk


def test_344_cl29_page_extension_offers_only_named_performers(client, site, clock, night):
    permit = site.in_progress(crew=2)
    choices = set(forms.ExtendForm(permit=permit).fields["shift_performer"].queryset)
    assert choices == {site.performer}
    issuer = as_user(client, site.issuer)
    response = issuer.post(url("name-shift-performer", permit.pk), {"person": night.pk, **PAGE_SIGN})
    assert response.status_code == 302, text(response)[:2000]
    assert set(forms.ExtendForm(permit=permit).fields["shift_performer"].queryset) == {site.performer, night}
    assert "Nochnoy" in text(issuer.get(url("detail", permit.pk)))
