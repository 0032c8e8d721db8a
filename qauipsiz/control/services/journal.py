"""The production-control journal (315 cl.12): the entry an inspection result makes, in the act that completes the
inspection, and the notes added to an entry afterwards. An entry is never changed.

Numbers are per organisation and year, gapless and in order: each is taken from the ledger's number series in the
completing act's transaction, after the inspection is locked and before the ledger's chain head, so an act rolled back
gives its number back (numbering.py).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Action

from ..models import Inspection, JournalEntry, JournalNote
from ..numbering import DocumentKind, next_number
from .common import log, require, writes


def findings_summary(inspection: Inspection) -> str:
    return "\n".join(f"{n}. {f.violation}" for n, f in enumerate(inspection.findings.order_by("pk"), start=1))


def journal_enter(inspection: Inspection, *, by, role: str) -> JournalEntry:
    """The inspection's entry, made once in the act completing it (cl.12). The columns are copied as they are now:
    later changes to the register never change the journal."""
    year = timezone.localdate(inspection.completed_at).year
    findings = list(inspection.findings.order_by("pk"))
    entry = JournalEntry.objects.create(
        organisation_id=inspection.organisation_id, division_id=inspection.division_id, year=year,
        number=next_number(inspection.organisation_id, DocumentKind.JOURNAL_ENTRY, year), inspection=inspection,
        entered_at=inspection.completed_at, entered_by=by, inspected_on=timezone.localdate(inspection.completed_at),
        object_label=inspection.object_label[:500], kind=inspection.kind, official_name=inspection.official.full_name,
        findings_count=len(findings), findings_summary=findings_summary(inspection),
        report_number=inspection.display_number, result=inspection.summary)
    log(by=by, role=role, event="entered", obj=entry)
    return entry


@writes
def journal_note_add(*, by, entry: JournalEntry, document_number: str = "", follow_up: str = "") -> JournalNote:
    """What followed the entry: the act or prescription drawn up, the follow-up done (cl.12). Added, never edited."""
    role = require(by, Action.ADD, entry)
    document_number, follow_up = (document_number or "").strip(), (follow_up or "").strip()
    if not document_number and not follow_up:
        raise ValidationError({"follow_up": _("Give the act or prescription number, or describe the follow-up.")})
    if len(document_number) > 50:
        raise ValidationError({"document_number": _("At most 50 characters.")})
    note = JournalNote.objects.create(entry=entry, organisation_id=entry.organisation_id,
                                      division_id=entry.division_id, document_number=document_number,
                                      follow_up=follow_up, added_by=by)
    log(by=by, role=role, event="added", obj=note)
    return note
