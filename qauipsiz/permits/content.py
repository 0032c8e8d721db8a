"""What a signature covers: the permit's items as they stand, the act, and what the act is about; and what an
admission certificate's signatures cover. Built here only, once per act.

The same dictionary, rendered as canonical JSON, is what the server hashes for a password or PIN signature and what
NCALayer is given to sign for an ЭЦП: the page receives it when it is shown, so a permit changed in between no longer
matches the signature and the signature is refused. Only stored data goes in (no clock), so both sides compute the same
bytes.
"""

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from qauipsiz.acts.readable import Coded, PersonRef
from qauipsiz.core.i18n import LANGUAGE_ORDER, pick_translation
from qauipsiz.ledger.canonical import canonical_json

from .acts import Act
from .choices import ApprovalKind, MeasureCode, Status, TerminationReason, Validity
from .models import Permit

# How each key of the signed content is shown to the person signing (`qauipsiz.acts.readable`); the keys whose values
# are codes or people's record ids read as the codes' labels and the people's names.
CONTENT_LABELS = {
    "permit": _("Permit (record id)"), "act": Coded(_("Act"), Act), "about": _("About"), "document": _("The permit as it stands"),
    "organisation": _("Organisation (record id)"), "number": _("Number"), "year": _("Year"), "status": Coded(_("Status"), Status),
    "division": _("Division (record id)"), "item1_performer": _("1. Work performer"), "item2": _("2. The work"),
    "place": _("Place of work"), "equipment": _("Equipment"), "devices": _("Technical devices (record ids)"),
    "scope": _("Scope of work"), "item3_admitting": _("3. Admitting persons"), "item4_manager": _("4. Responsible manager"),
    "item5_measures": _("5. Safety measures"), "id": _("Record id"), "code": Coded(_("Item"), MeasureCode), "text": _("Text"),
    "done_by": PersonRef(_("Carried out by (record id)")), "done_at": _("Carried out at"), "item5_4_air": _("5.4. Air samples"),
    "substance": _("Substance"), "value": _("Value"), "limit": _("Limit"), "passed": _("Within the limit"),
    "item6_issuer": _("6. Permit issuer"), "item8_approvals": _("8. Approvals"), "kind": Coded(_("Kind"), ApprovalKind),
    "approver": PersonRef(_("Approver (record id)")), "approved_at": _("Approved at"), "item11_crew": _("11. Crew"),
    "person": PersonRef(_("Person (record id)")), "replaces": PersonRef(_("In place of (record id)")),
    "briefed_at": _("Briefed at"), "removed_at": _("Left the crew at"),
    "period": _("Period"), "start": _("Planned start"), "end": _("Planned end"), "validity": Coded(_("Validity"), Validity),
    "valid_until": _("Valid until"), "type": _("Record type"), "crew": _("Crew members"),
    "shift_start": _("Shift starts"), "reason": Coded(_("Reason"), TerminationReason),
    "certificate": _("Admission certificate (record id)"), "shop_head": PersonRef(_("Head of the shop (record id)")),
    "contractor": _("Contractor (record id)"), "contractor_rep": PersonRef(_("Contractor's representative (record id)")),
    "site_bounds": _("Bounds of the site"), "work_name": _("Work"), "starts_on": _("From"), "ends_on": _("To"),
    "crossed_by_communications": _("Communications cross the site"), "machines_working": _("Machines work on the site"),
    "measures": _("Measures"),
}


def _person(person) -> dict | None:
    if person is None:
        return None
    # Signed content must not depend on the signer's language: the title in the languages' fixed order.
    position = pick_translation(person, "position", LANGUAGE_ORDER[0])
    return {"id": person.pk, "name": person.full_name, "position": position, "iin": person.iin}


def _by_pk(related) -> list:
    """The related rows in id order; read from what the act already fetched with the permit when it did."""
    return sorted(related.all(), key=lambda row: row.pk)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def permit_document(permit: Permit) -> dict:
    """Items 1-13 of Annex 1 as data."""
    return {
        "organisation": permit.organisation_id,
        "number": permit.number,
        "year": permit.year,
        "status": permit.status,
        "division": permit.division_id,
        "item1_performer": _person(permit.performer),
        "item2": {"place": permit.place, "equipment": permit.equipment,
                  "devices": sorted(d.pk for d in permit.devices.all()), "scope": permit.scope_of_work},
        "item3_admitting": [_person(p) for p in _by_pk(permit.admitting_persons)],
        "item4_manager": _person(permit.responsible_manager),
        "item5_measures": [{"id": m.pk, "code": m.code, "text": m.text, "done_by": m.done_by_id,
                            "done_at": _when(m.done_at)} for m in _by_pk(permit.measures)],
        "item5_4_air": [{"id": s.pk, "place": s.place, "substance": s.substance, "value": str(s.value),
                         "limit": str(s.limit), "passed": s.passed} for s in _by_pk(permit.air_samples)],
        "item6_issuer": _person(permit.issuer),
        "item8_approvals": [{"id": a.pk, "kind": a.kind, "approver": a.approver_id, "approved_at": _when(a.approved_at)}
                            for a in _by_pk(permit.approvals)],
        "item11_crew": [{"id": c.pk, "person": c.person_id, "briefed_at": _when(c.briefed_at),
                         "removed_at": _when(c.removed_at)} for c in _by_pk(permit.crew)],
        "period": {"start": _when(permit.planned_start), "end": _when(permit.planned_end), "validity": permit.validity,
                   "valid_until": _when(permit.valid_until)},
    }


def _subject(subject) -> dict | None:
    if subject is None:
        return None
    if isinstance(subject, Model):
        return {"type": subject._meta.label_lower, "id": subject.pk}
    return subject


def measures_subject(measures) -> dict:
    """What one signature for several measures names (issue 11): each measure's id, item and text, in the order of the
    form whatever order they were chosen in, so that the page, the API and the service sign the same bytes."""
    order = {code: index for index, code in enumerate(MeasureCode.values)}
    rows = sorted(measures, key=lambda m: (order.get(m.code, len(order)), m.position, m.pk))
    return {"measures": [{"id": m.pk, "code": m.code, "text": m.text} for m in rows]}


def records_about(about) -> list[tuple[str, int]]:
    """The records a signature's `about` names, as (type, id): the one record it is about, or each measure of a
    signature for several (issue 11)."""
    if not isinstance(about, dict):
        return []
    if about.get("type"):
        return [(about["type"], about.get("id"))]
    measures = about.get("measures")
    if isinstance(measures, list):
        return [("permits.permitmeasure", m.get("id")) for m in measures if isinstance(m, dict)]
    return []


def signing_content(permit: Permit, act: str, *, subject=None) -> dict:
    return {"permit": permit.pk, "act": str(act), "about": _subject(subject), "document": permit_document(permit)}


def signing_text(permit: Permit, act: str, *, subject=None) -> str:
    """The exact text a ЭЦП signs (NCALayer gets its UTF-8 bytes in base64)."""
    return canonical_json(signing_content(permit, act, subject=subject))


def certificate_content(certificate) -> dict:
    """What the head of the shop and the contractor's representative sign (Annex 3)."""
    return {
        "certificate": certificate.pk, "organisation": certificate.organisation_id, "division": certificate.division_id,
        "shop_head": certificate.shop_head_id, "contractor": certificate.contractor_id,
        "contractor_rep": certificate.contractor_rep_id, "site_bounds": certificate.site_bounds,
        "work_name": certificate.work_name, "starts_on": certificate.starts_on.isoformat(),
        "ends_on": certificate.ends_on.isoformat(),
        "crossed_by_communications": certificate.crossed_by_communications,
        "machines_working": certificate.machines_working,
        "measures": [[m.number, m.text, m.deadline.isoformat(), m.executor] for m in certificate.measures.all()],
    }
