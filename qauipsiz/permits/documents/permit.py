"""Annex 1 of Order 344, the work permit, printed in two copies (344 cl.5), each with the QR code of its live page."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qauipsiz.documents.marks import DASH, HASH_SHORT, person_line, printed_at, qr_svg, signature_mark, span, when
from qauipsiz.documents.render import check_language, render_pdf

from ..acts import Act, done_label
from ..choices import ApprovalKind, MeasureCode, NamingKind, PeriodKind, Status
from ..models import Permit, PermitMeasure
from ..services.guards import reading
from .signed import Filled, Signatures, purpose_key, signed
from .wording import form_wording

TEMPLATE = Path(__file__).resolve().parent / "permit.typ"
COPIES = 2  # 344 cl.5: the permit is drawn up in duplicate
# Statuses printed in large letters on every page: the permit no longer allows work, or never did.
VOID_LIKE = frozenset({Status.TERMINATED, Status.VOID, Status.CANCELLED})


def qr_for(path: str) -> tuple[str, str]:
    """The absolute address of a page of the application and its QR code (SVG text)."""
    url = settings.SITE_URL + path
    return url, qr_svg(url)


@dataclass
class MeasureItem:
    code: str
    heading: str
    hint: str
    entries: list = field(default_factory=list)  # (text, joint note)


def _permit(permit: Permit) -> Permit:
    """The permit fresh from the database with everything the form prints, in a fixed number of queries."""
    return (Permit.objects
            .select_related("organisation", "division", "facility", "location__parent", "work_type", "contractor",
                            "certificate",
                            "performer__organisation", "performer__division", "performer__contractor",
                            "responsible_manager", "issuer", "replaces")
            .prefetch_related("admitting_persons", "devices", "namings__person", "namings__replaced",
                              Prefetch("measures", queryset=PermitMeasure.objects
                                       .select_related("done_by", "joint")
                                       .order_by("position", "id")),
                              "measures__joint__signatures__signatory", "air_samples__measured_by",
                              "approvals__approver",
                              "crew__person", "crew__briefed_by", "periods__admitted_by",
                              "extensions__handed_over_by", "extensions__accepted_by", "extensions__admitted_by",
                              "attachments")
            .get(pk=permit.pk))


def _naming_lines(permit: Permit) -> list[str]:
    """344 cl.29, item 12: item 3 keeps who was admitting when: each replacement and addition after issue, dated."""
    lines = []
    for naming in permit.namings.all():
        values = {"when": when(naming.named_at), "person": person_line(naming.person),
                  "replaced": person_line(naming.replaced)}
        if naming.kind == NamingKind.ADMITTING_REPLACED:
            lines.append(_("%(when)s: %(person)s in place of %(replaced)s (344 cl.29, item 12)") % values)
        elif naming.kind == NamingKind.ADMITTING_ADDED:
            lines.append(_("%(when)s: %(person)s added as the admitting person of a shift (item 12)") % values)
    return lines


def _replaced_by(permit: Permit):
    try:
        return permit.replaced_by
    except Permit.DoesNotExist:
        return None


def permit_status_banner(permit: Permit) -> str:
    """The words printed in large letters on every page, or "" for a permit in its normal life."""
    if permit.status == Status.DRAFT:
        return _("DRAFT — not valid for work")
    if permit.status in VOID_LIKE:
        return _("%(status)s — not valid for work") % {"status": Status(permit.status).label.upper()}
    return ""


def permit_words(number: str, url: str) -> dict[str, str]:
    """The permit's own words besides the Order's (FORM_WORDING), in the active language."""
    return {
        "scan": _("Scan for the live status"), "planned": _("planned period"),
        "status": _("Status"), "contractor": _("contractor"), "air": _("Air analyses"),
        "air_columns": [_("Sampling place"), _("Taken at"), _("Substance"), _("Measured value"), _("Permitted limit"),
                        _("Gas contamination group"), _("Result"), _("Measured by")],
        "item7_columns": [_("Measure No."), _("Measure"), _("Carried out by")],
        "shift": _("shift"),
        "shift_performers": _("Work performers of the shifts, named by the issuer (344 cl.29)"),
        "closed_by_issuer": _("Closed by the permit issuer in the absence of the admitting person (344 cl.11)."),
        "periods": _("Admissions and re-admissions (344 cl.13, cl.23)"),
        "periods_columns": [_("Kind"), _("Start – end"), _("Admitted by")],
        "other_acts": _("Breaks, suspensions and other signed acts (344 cl.23-28)"),
        "other_acts_columns": [_("Date and time"), _("Act"), _("Signature")],
        "attachments": _("Attachments (344 cl.4, cl.8)"),
        "attachments_columns": [_("Kind"), _("Title"), _("File"), "SHA-256"],
        "record": _("The electronic record of this permit: %(url)s. Signatures are kept in the organisation's ledger; "
                    "the hashes printed beside them identify what was signed.") % {"url": url},
        "caption": _("Work permit No. %(number)s, printed %(when)s. A printed copy is for information: the electronic "
                     "record is authoritative.") % {"number": number, "when": printed_at()},
    }


def permit_context(permit: Permit, *, language: str) -> dict:
    """Everything the permit's template prints, formatted in `language` (call inside translation.override)."""
    form = form_wording(language)
    permit = _permit(permit)
    signatures = Signatures(permit)
    number = permit.display_number if permit.number else DASH
    page_path = reverse("permits:detail", args=[permit.pk])
    url, qr = qr_for(page_path)

    # 344 cl.7: the unit or area of the facility, then the place as the issuer wrote it.
    item2_lines = [f"{permit.location.full_name}: {permit.place}" if permit.location_id else permit.place]
    equipment = permit.equipment or ", ".join(
        f"{d.name} ({d.registration_number})" if getattr(d, "registration_number", "") else d.name
        for d in permit.devices.all())
    if equipment:
        item2_lines.append(equipment)
    item2_lines.append(permit.scope_of_work)

    measures_by_code = defaultdict(list)
    for measure in permit.measures.all():
        measures_by_code[measure.code].append(measure)
    item5, item7 = [], []
    for code in MeasureCode.values:
        entry = MeasureItem(code=code, heading=form[code], hint=form[f"{code}_hint"])
        for index, measure in enumerate(measures_by_code.get(code, []), start=1):
            number_in_item = code if len(measures_by_code[code]) == 1 else f"{code}.{index}"
            joint = ""
            if measure.joint_id:
                joint = _("Joint measure of several organisations at one site (344 cl.7), agreed %(when)s, signed by "
                          "%(by)s") % {"when": when(measure.joint.agreed_at or measure.joint.proposed_at),
                                       "by": ", ".join(s.signatory.full_name for s in measure.joint.signatures.all())
                                       or measure.joint.proposed_by.full_name}
            entry.entries.append({"number": number_in_item, "text": measure.text, "joint": joint})
            item7.append({
                "number": number_in_item, "text": measure.text,
                "done": signed(person_line(measure.done_by), signatures.about("item7_measure_done", measure),
                                at=measure.done_at) if measure.done_at else Filled(),
            })
        item5.append(entry)
    samples = [{
        "place": s.place, "when": when(s.taken_at), "substance": s.substance,
        "value": reading(s.value, s), "limit": reading(s.limit, s),
        "group": s.gas_group or DASH,  # the numeral: the column's heading names the group
        "passed": _("within the limit") if s.passed else _("ABOVE THE LIMIT"),
        "by": person_line(s.measured_by),
    } for s in permit.air_samples.all()]

    approvals = {ApprovalKind.SHIFT_SUPERVISOR: [], ApprovalKind.OTHER: []}
    for approval in permit.approvals.all():
        approvals.setdefault(approval.kind, []).append(signed(
            person_line(approval.approver), signatures.about(f"item{approval.kind}_approved", approval),
            at=approval.approved_at) if approval.approved_at else Filled(text=person_line(approval.approver),
                                                                          note=_("not yet approved")))

    crew = []
    for member in permit.crew.all():
        note = _("left the crew %(when)s") % {"when": when(member.removed_at)} if member.removed_at else ""
        crew.append({
            "when": when(member.briefed_at or member.added_at), "name": member.person.full_name, "note": note,
            "received": signature_mark(signatures.about("item11_briefing_received", member)),
            "given": signed(person_line(member.briefed_by), signatures.about("item11_briefing_given", member))
            if member.briefed_by_id else Filled(),
        })
    started = signatures.first("item11_work_started")
    crew_count = (started.about or {}).get("crew") if started and isinstance(started.about, dict) else None

    extensions, handovers = [], list(signatures.by_purpose.get("item12_shift_handed_over", []))
    previous = None
    for extension in permit.extensions.all():
        handover = next((s for s in reversed(handovers) if s.signed_at <= extension.extended_at
                         and (previous is None or s.signed_at > previous)), None)
        previous = extension.extended_at
        extensions.append({
            "when": when(extension.extended_at),
            "shift": span(extension.shift_start, extension.shift_end),
            "handed": signed(person_line(extension.handed_over_by), handover) if extension.handed_over_by_id
            else Filled(),
            "count": "" if extension.crew_count is None else str(extension.crew_count),
            "accepted": signed(person_line(extension.accepted_by),
                                signatures.shift("item12_shift_accepted", extension.shift_start)),
            "permitted": signed(person_line(extension.admitted_by),
                                 signatures.shift("item12_extended", extension.shift_start)),
        })

    handed_back = signatures.last("item13_handed_back")
    accepted_back = signatures.last("item13_accepted") or signatures.last("cl11_closed_by_issuer")
    closed_by_issuer = accepted_back is not None and purpose_key(accepted_back) == "cl11_closed_by_issuer"

    shown = {"item6_issued", "item7_measure_done", "item8_approved", "item8.1_approved", "item9_admitted",
             "item10_accepted", "item11_briefing_given", "item11_briefing_received", "item11_work_started",
             "item12_shift_handed_over", "item12_extended", "item12_shift_accepted", "item13_handed_back",
             "item13_accepted", "cl11_closed_by_issuer"}
    other_acts = [{"when": when(s.signed_at), "act": done_label(s.act) if s.act in Act.values else s.purpose,
                   "mark": signature_mark(s)}
                  for s in signatures.all if purpose_key(s) not in shown]

    periods = [{"kind": PeriodKind(p.kind).label, "span": span(p.started_at, p.ended_at),
                "by": person_line(p.admitted_by)} for p in permit.periods.all()]
    attachments = [{"kind": a.get_kind_display(), "title": a.title, "filename": a.filename,
                    "sha": a.sha256[:HASH_SHORT]} for a in permit.attachments.all()]

    status_note = ""
    if permit.status == Status.TERMINATED:
        status_note = _("Terminated %(when)s: %(reason)s. %(note)s") % {
            "when": when(permit.ended_at), "reason": permit.get_termination_reason_display(), "note": permit.end_note}
    elif permit.status in (Status.VOID, Status.CANCELLED):
        status_note = _("%(status)s %(when)s: %(note)s") % {
            "status": Status(permit.status).label, "when": when(permit.ended_at), "note": permit.end_note}
    replaced_by = _replaced_by(permit)

    issuer_signature = signatures.first("item6_issued")
    admitting_signature = signatures.first("item9_admitted")
    admitting_person = admitting_signature.signer_person if admitting_signature else None
    accepting_signature = signatures.first("item10_accepted")

    return {
        "form": form,
        "permit": permit,
        "number": number,
        "title": form["permit_title"] % {"number": number},
        "status": Status(permit.status).label,
        "banner": permit_status_banner(permit),
        "status_note": status_note,
        "replaces": permit.replaces.display_number if permit.replaces_id else "",
        "replaced_by": replaced_by.display_number if replaced_by and replaced_by.number else "",
        "replaces_note": _("drawn up anew in place of permit No. %(number)s (344 cl.25-26)") % {
            "number": permit.replaces.display_number} if permit.replaces_id else "",
        "replaced_by_note": _("replaced by permit No. %(number)s") % {"number": replaced_by.display_number}
        if replaced_by and replaced_by.number else "",
        "organisation": permit.organisation.name,
        "site_workshop": ", ".join(n for n in (permit.organisation.name, permit.division.name) if n),
        "contractor": permit.contractor.name if permit.contractor_id else "",
        "certificate": str(permit.certificate) if permit.certificate_id else "",
        "work_type": permit.work_type.name,
        "planned": span(permit.planned_start, permit.planned_end),
        "validity": permit.get_validity_display(),
        "url": url,
        "qr": qr,
        "copies": [_("Copy %(number)s") % {"number": n} for n in range(1, COPIES + 1)],
        "item1": person_line(permit.performer, workplace=True),
        "item2": [line for line in item2_lines if line],
        "item3": [person_line(p) for p in permit.admitting_persons.all()] + _naming_lines(permit),
        "shift_performers": [person_line(n.person) for n in permit.namings.all()
                             if n.kind == NamingKind.SHIFT_PERFORMER],
        "item4": person_line(permit.responsible_manager),
        "item5": item5,
        "samples": samples,
        "item6": signed(person_line(permit.issuer), issuer_signature),
        "item7": [m for m in item7 if not m["done"].empty],
        "item8": approvals.get(ApprovalKind.SHIFT_SUPERVISOR, []),
        "item8_1": approvals.get(ApprovalKind.OTHER, []),
        "item9": signed(person_line(admitting_person), admitting_signature),
        "item10": signed(person_line(accepting_signature.signer_person) if accepting_signature else "",
                          accepting_signature),
        "crew": crew,
        "started": {
            "text": form["item11_started"] % {"count": crew_count if crew_count is not None else DASH},
            "when": when(permit.started_at),
            "by": signed(person_line(started.signer_person) if started and started.signer_person else "", started),
        },
        "extensions": extensions,
        "item13": {
            "completed": when(permit.completed_at),
            "handed": signed(person_line(handed_back.signer_person) if handed_back and handed_back.signer_person
                              else "", handed_back),
            "accepted": signed(person_line(accepted_back.signer_person) if accepted_back and
                                accepted_back.signer_person else "", accepted_back),
            "closed_by_issuer": closed_by_issuer,
        },
        "other_acts": other_acts,
        "periods": periods,
        "attachments": attachments,
        "printed_at": printed_at(),
        "dash": DASH,
        "words": permit_words(number, url),
    }


def permit_pdf(permit: Permit, *, language: str) -> bytes:
    """Annex 1 in `language`, in two copies (344 cl.5), each from a new page, with the QR code of its live page."""
    form_wording(language)
    check_language(language)
    with translation.override(language):
        context = permit_context(permit, language=language)
        data = {key: value for key, value in context.items() if key != "permit"}
        return render_pdf(template=TEMPLATE, data=data, language=language)


