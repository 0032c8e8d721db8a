"""Document numbering of production control: one gapless series per kind of document, organisation and year.

Each kind is a register of `ledger.number_next` (`control-<kind>`), so numbers are taken exactly as permits take theirs
(`permits.book.book_series`): inside the act's transaction, after the act's records are locked and before the ledger's
chain head (docs/architecture.md, "Locks and retries": records, then the series, then the chain heads). A number is
taken in the act's `change`, which runs only once the gate, the guards and the signatures passed, so an act refused
takes no number, and a transaction rolled back (a retry) gives its number back: the series stays gapless. Each year
starts again at 1 (the series is keyed by year), and each organisation has its own.
"""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from qauipsiz.ledger import services as ledger


class DocumentKind(models.TextChoices):
    """The numbered documents of production control (315 cl.4, cl.9-cl.15, cl.26)."""

    ACT = "act", gettext_lazy("Act of inspection")
    PRESCRIPTION = "prescription", gettext_lazy("Prescription")
    ORDER = "order", gettext_lazy("Order")
    JOURNAL_ENTRY = "journal_entry", gettext_lazy("Journal entry")
    REPORT = "report", gettext_lazy("Report")
    MEASURES_PLAN = "measures_plan", gettext_lazy("Plan of measures")
    WORK_PLAN = "work_plan", gettext_lazy("Production-control work plan")


def series(kind: str) -> str:
    """The ledger's register of a kind: a distinct name per kind, so kinds never share numbers."""
    return f"control-{DocumentKind(kind).value}"


def next_number(organisation, kind: str, year: int) -> int:
    """The next number of `kind` for the organisation and year. Call it in the act's transaction, after locking the
    act's records (the series row is locked until the act commits)."""
    organisation_id = getattr(organisation, "pk", organisation)
    return ledger.number_next(organisation_id=organisation_id, register=series(kind), year=year)


def display_number(number: int | None, year: int | None) -> str:
    """A document's number as people write it: "12/2026"; "—" before it has one."""
    if not number:
        return "—"
    return pgettext("document number", "%(number)s/%(year)s") % {"number": number, "year": year}


def display_titled(kind: str, number: int | None, year: int | None) -> str:
    """The kind and its number: "Prescription No. 12/2026"."""
    if not number:
        return str(DocumentKind(kind).label)
    return _("%(kind)s No. %(number)s") % {"kind": DocumentKind(kind).label, "number": display_number(number, year)}
