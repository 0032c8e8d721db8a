"""Issue 11, "Copy a previous permit" and per-work-type default measures (Annex 1 item 5).

A new draft may start from a permit the person sees: it is pre-filled with what describes the work and the people it
names and with the source's own item 5, and nothing of the source's life (period, number, state, signatures, air
samples, crew, what was carried out). Nothing is saved until the person saves the draft. The API answers the same
draft as the create endpoint's body. A permit outside the person's sight is a 404, on the page and in the API.
"""

import datetime

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentPosition, AppointmentRole
from qauipsiz.core.services import record_update
from qauipsiz.ledger.models import Signature
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit, WorkType
from tests import factories as f

from .conftest import builtin_work_type, contractor_draft, contractor_party, make_site, staff
from .test_api import as_, ok
from .test_views import draft_data
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

# The draft form's fields a copy fills in: exactly these, and nothing else.
COPIED = {"division", "facility", "location", "work_type", "place", "equipment", "devices", "scope_of_work",
          "performer", "admitting_persons", "responsible_manager", "shift_performers", "shift_supervisor",
          "other_approvers", "nearby", "earthwork"}
CUSTOM_MEASURES = [("5.1", "Stop pump P-12, drain it and close valves V-3, V-4"), ("5.4", "Air analysis at the bay"),
                   ("5.10", "Keep a fire watch for 2 hours after the work")]


def second_issuer(site):
    """Another deputy head of the shop: he sees the shop's permits and draws up his own."""
    return staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.PERMIT_ISSUER, last_name="Vtoroy",
                 position=AppointmentPosition.DEPUTY)


def rich_draft(site) -> Permit:
    """A draft with every item the copy takes, and every item it leaves, set away from a new draft's defaults."""
    shift = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Smennyy")
    permit = site.draft(location=f.location(site.facility, "Unit AVT-6"), equipment="Pump P-12", earthwork=True,
                        nearby=["power_line"], approvers=[("8", site.supervisor), ("8.1", site.manager)])
    permit.other_divisions.set([f.division(site.org, "Shop No. 3")])
    services.permit_update(by=site.issuer.user, permit=permit, changes={}, shift_performers=[shift],
                           measures=CUSTOM_MEASURES)
    return Permit.objects.get(pk=permit.pk)


def form_values(form) -> dict:
    def plain(value):
        if isinstance(value, list | tuple):
            return sorted(str(v) for v in value)
        return "" if value is None else str(value)
    return {name: plain(form[name].value()) for name in form.fields}


def test_issue11_the_copy_fills_exactly_the_listed_fields_and_the_sources_own_measures(client, site):
    source = rich_draft(site)
    copier = second_issuer(site)
    client = as_user(client, copier)
    fresh = client.get(url("create")).context["form"]
    response = client.get(url("create"), {"copy": source.pk})
    assert response.status_code == 200
    copy = response.context["form"]
    before, after = form_values(fresh), form_values(copy)
    assert {name for name in after if after[name] != before[name]} == COPIED
    expected = {
        "division": str(site.division.pk), "facility": str(site.facility.pk), "location": str(source.location_id),
        "work_type": str(source.work_type_id), "place": source.place, "equipment": "Pump P-12",
        "devices": [str(site.device.pk)], "scope_of_work": source.scope_of_work, "performer": str(site.performer.pk),
        "admitting_persons": [str(site.admitting.pk)], "responsible_manager": str(site.manager.pk),
        "shift_performers": [str(n.person_id) for n in source.namings.all()], "shift_supervisor": str(site.supervisor.pk),
        "other_approvers": [str(site.manager.pk)], "nearby": ["power_line"], "earthwork": "True"}
    assert {name: after[name] for name in COPIED} == expected
    # Not copied: the period, its validity, the other divisions; the issuer is the one who copies.
    assert after["planned_start"] == after["planned_end"] == "" and after["other_divisions"] == []
    assert after["issuer"] == str(copier.pk) and after["validity"] == before["validity"]
    # Item 5 is the source's own, as adapted, not the work type's template again.
    rows = [(row["code"].value(), row["text"].value()) for row in response.context["formset"]]
    assert rows == CUSTOM_MEASURES
    html = text(response)
    assert f'data-copied-from="{source.pk}"' in html and "Keep a fire watch for 2 hours" in html
    assert Permit.objects.count() == 1  # nothing saved by showing the copy


def test_issue11_a_copy_of_a_permit_in_progress_is_saved_as_a_new_draft_without_its_life(client, site):
    source = site.in_progress(crew=2)
    assert source.crew.exists() and source.air_samples.exists() and source.measures.filter(done_at__isnull=False)
    client = as_user(client, site.issuer)
    page = client.get(url("create"), {"copy": source.pk})
    assert page.status_code == 200
    form, formset = page.context["form"], page.context["formset"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "")}
    data = {name: value for name, value in data.items() if value is not False}
    data.update(planned_start="24.11.2026 09:00", planned_end="24.11.2026 18:00", validity="single_shift")
    data.update({"measures-TOTAL_FORMS": str(len(formset.forms)), "measures-INITIAL_FORMS": "0"})
    for index, row in enumerate(formset.forms):
        data.update({f"measures-{index}-code": row["code"].value(), f"measures-{index}-text": row["text"].value()})
    signatures = Signature.objects.count()
    response = client.post(url("create") + f"?copy={source.pk}", data)
    assert response.status_code == 302, text(response)[:3000]
    new = Permit.objects.exclude(pk__in=[source.pk]).get()
    assert new.status == Status.DRAFT and new.number is None and new.issued_at is None and new.admitted_at is None
    assert not new.crew.exists() and not new.air_samples.exists() and not new.periods.exists()
    assert [(m.code, m.text, m.done_at) for m in new.measures.all()] == [
        (m.code, m.text, None) for m in source.measures.filter(joint__isnull=True)]
    assert (new.division, new.facility, new.work_type, new.performer, new.place, new.scope_of_work) == (
        source.division, source.facility, source.work_type, source.performer, source.place, source.scope_of_work)
    assert list(new.admitting_persons.all()) == list(source.admitting_persons.all())
    assert [(a.kind, a.approver_id, a.approved_at) for a in new.approvals.all()] == [
        (a.kind, a.approver_id, None) for a in source.approvals.all()]
    assert Signature.objects.count() == signatures  # a draft is not signed


def test_issue11_a_contractors_permit_is_copied_without_its_certificate(client, site):
    party = contractor_party(site, "Scaffold LLP", "Lesov")
    source = contractor_draft(site, party)
    form = as_user(client, party.issuer).get(url("create"), {"copy": source.pk}).context["form"]
    assert form["contractor"].value() == party.firm.pk
    assert not form["certificate"].value()  # a certificate covers a period: it is chosen anew (344 cl.9, cl.17)


def test_issue11_the_permit_page_offers_the_copy_to_those_who_draw_up_permits(client, site):
    permit = site.issued()
    html = text(as_user(client, site.issuer).get(url("detail", permit.pk)))
    assert f'href="{url("create")}?copy={permit.pk}"' in html and 'data-action="copy"' in html
    html = text(as_user(client, site.crew[0]).get(url("detail", permit.pk)))  # named, but draws up nothing
    assert 'data-action="copy"' not in html
    assert as_user(client, site.admitting).get(url("create"), {"copy": permit.pk}).status_code == 403


def test_issue11_the_new_permit_page_lists_the_persons_recent_permits(client, site):
    mine = site.issued()
    html = text(as_user(client, site.issuer).get(url("create")))
    assert 'name="copy"' in html and f'<option value="{mine.pk}"' in html


def test_issue11_an_outsiders_permit_cannot_be_copied_page_or_api(client, site):
    permit = site.issued()
    other = make_site("Other refinery")
    client = as_user(client, other.issuer)
    assert client.get(url("create"), {"copy": permit.pk}).status_code == 404
    assert client.post(url("create") + f"?copy={permit.pk}", draft_data(other)).status_code == 404
    assert client.get(url("create"), {"copy": 999999}).status_code == 404
    assert as_(other.issuer).get(f"/{permit.pk}/copy").status_code == 404
    assert as_(other.issuer).get("/999999/copy").status_code == 404
    assert Permit.objects.filter(organisation=other.org).count() == 0
    # Seen but not drawn up by him: 403, as on the page.
    assert as_(site.admitting).get(f"/{permit.pk}/copy").status_code == 403


def test_issue11_the_api_copy_is_the_create_body_and_posts_as_a_new_draft(site):
    source = rich_draft(site)
    copier = second_issuer(site)
    api = as_(copier)
    body = ok(api.get(f"/{source.pk}/copy"))
    assert body["organisation"] == site.org.pk and body["issuer"] is None  # the caller issues
    assert body["division"] == site.division.pk and body["location"] == source.location_id
    assert body["performer"] == site.performer.pk and body["admitting_persons"] == [site.admitting.pk]
    assert body["devices"] == [site.device.pk] and body["nearby"] == ["power_line"] and body["earthwork"] is True
    assert body["shift_performers"] == [n.person_id for n in source.namings.all()]
    assert body["approvers"] == [{"kind": "8", "approver": site.supervisor.pk},
                                 {"kind": "8.1", "approver": site.manager.pk}]
    assert [(m["code"], m["text"]) for m in body["measures"]] == CUSTOM_MEASURES
    assert body["other_divisions"] == [] and body["certificate"] is None and body["validity"] == "single_shift"
    start = datetime.datetime.fromisoformat(body["planned_start"])
    assert abs(start - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=2)  # from now, not copied
    assert Permit.objects.count() == 1  # nothing saved
    created = ok(api.post("/", body), 201)
    new = Permit.objects.get(pk=created["id"])
    assert new.status == Status.DRAFT and new.issuer == copier
    assert [(m.code, m.text) for m in new.measures.all()] == CUSTOM_MEASURES


def test_issue11_work_type_defaults_fill_item5_end_to_end(client, site):
    """A work type the organisation adds on the work types page: choosing it fills item 5 with its template, and the
    draft saved keeps it."""
    client.force_login(f.user(Role.HEAD, site.org))
    response = client.post(url("work-type-create"), {
        "organisation": site.org.pk, "kind": "other", "name_en": "Tank cleaning", "is_active": "on",
        "measures-TOTAL_FORMS": "2", "measures-INITIAL_FORMS": "0",
        "measures-0-code": "5.2", "measures-0-text_en": "Disconnect the tank from the pipelines",
        "measures-1-code": "5.4", "measures-1-text_en": "Analyse the air in the tank"})
    assert response.status_code == 302, text(response)[:2000]
    work_type = WorkType.objects.get(name_en="Tank cleaning")
    client = as_user(client, site.issuer)
    template = [("5.2", "Disconnect the tank from the pipelines"), ("5.4", "Analyse the air in the tank")]
    # Choosing the work type re-draws item 5 (htmx), and the page opened for it starts with it.
    partial = client.get(url("measures-formset"), {"work_type": work_type.pk}, headers={"HX-Request": "true"})
    assert [(r["code"].value(), r["text"].value()) for r in partial.context["formset"]] == template
    page = client.get(url("create"), {"work_type": work_type.pk})
    assert [(r["code"].value(), r["text"].value()) for r in page.context["formset"]] == template
    assert page.context["form"]["work_type"].value() == work_type.pk
    rows = {"measures-TOTAL_FORMS": "2", "measures-0-code": "5.2", "measures-0-text": template[0][1],
            "measures-1-code": "5.4", "measures-1-text": template[1][1]}
    response = client.post(url("create"), draft_data(site, work_type=work_type.pk, **rows))
    assert response.status_code == 302, text(response)[:2000]
    assert [(m.code, m.text) for m in Permit.objects.get().measures.all()] == template


def test_issue11_a_copy_keeps_the_sources_measures_not_the_work_types_template(client, site):
    hot = builtin_work_type("hot")
    source = rich_draft(site)
    assert source.work_type == hot
    template = [(m.code, m.text) for m in hot.measures.order_by("position", "id")]
    assert template != CUSTOM_MEASURES
    formset = as_user(client, site.issuer).get(url("create"), {"copy": source.pk}).context["formset"]
    assert [(r["code"].value(), r["text"].value()) for r in formset] == CUSTOM_MEASURES
    # The page of a work type chosen without a copy still starts from the template.
    formset = client.get(url("create"), {"work_type": hot.pk}).context["formset"]
    assert [r["code"].value() for r in formset] == [code for code, _text in template]


def test_issue11_people_no_longer_active_are_left_out_of_the_copy(client, site):
    """An admitting person who left cannot be chosen again: the copy leaves him out (the page's choices are the active
    people), so that the API's copy posts as it is."""
    source = site.draft(approvers=[("8", site.supervisor)])
    site.admitting.is_active = False
    record_update(by=f.superuser(), instance=site.admitting)
    body = ok(as_(site.issuer).get(f"/{source.pk}/copy"))
    assert body["admitting_persons"] == [] and body["approvers"] == [{"kind": "8", "approver": site.supervisor.pk}]
    form = as_user(client, site.issuer).get(url("create"), {"copy": source.pk}).context["form"]
    assert form["admitting_persons"].value() == []
