"""How long permits are kept (344 cl.14-15), as a rule for the shared purge of `qauipsiz.ledger.retention`.

A permit may be purged only once it has ended (closed, or terminated, voided or cancelled) and a year has passed since;
never while a hold is set — which is how a permit of work during which an accident or injury happened stays with the
investigation materials (cl.15 ¶2: set for good by an emergency termination or a link to an accident record, see
`services.archive`). Its signatures and ledger entries stay: they are the proof that it existed; and its line of the
register stays in the book (`book.keep_line`, 344 cl.13).
"""

import datetime

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.retention import RetentionRule

from .book import keep_line, line_of
from .choices import ENDED_STATUSES, Status
from .models import Attachment, OverlapAgreement, Permit

RETENTION_DAYS = 366  # "one year from the date of closure" (cl.14), leap years included


def _blockers(permit: Permit, now: datetime.datetime) -> list[str]:
    if permit.status not in ENDED_STATUSES or permit.ended_at is None:
        return [_("the permit is not closed (status \"%(status)s\")") % {"status": Status(permit.status).label}]
    keep_until = permit.ended_at + datetime.timedelta(days=RETENTION_DAYS)
    if now < keep_until:
        return [_("it is kept for one year after its closure, until %(date)s (344 cl.14-15)")
                % {"date": keep_until.date().isoformat()}]
    return []


def _rows(permit: Permit) -> list[Model]:
    return [*permit.measures.all(), *permit.air_samples.all(), *permit.approvals.all(), *permit.crew.all(),
            *permit.periods.all(), *permit.extensions.all(), *permit.attachments.all()]


def _summary(permit: Permit) -> dict:
    return {"number": permit.number, "year": permit.year, "status": permit.status,
            "issued_at": permit.issued_at.isoformat() if permit.issued_at else None,
            "ended_at": permit.ended_at.isoformat() if permit.ended_at else None,
            "work_type": permit.work_type_id, "division": permit.division_id}


def _before(permit: Permit) -> dict:
    """The permit drawn up anew for this one (cl.25-26) stops pointing at it; agreement links and attachment files
    vanish with the permit, so remember them for `_after`."""
    for newer in Permit.objects.filter(replaces_id=permit.pk):
        newer.replaces = None
        newer.save(update_fields=["replaces"])
        ledger.append(organisation_id=newer.organisation_id, by=None, role="system",
                      action="permits.permit.replaced_purged", obj=newer)
    return {"agreements": list(permit.overlap_agreements.values_list("pk", flat=True)),
            "files": [(a.file.storage, a.file.name) for a in permit.attachments.all() if a.file],
            # Its register line, read while the permit and its admission periods still exist (344 cl.13).
            "line": line_of(permit) if permit.number is not None else None}


def _after(permit: Permit, by, context: dict) -> None:
    """The register keeps the purged permit's line (344 cl.13); agreements that listed the permit are ledgered again
    without it, so that verify stays clean."""
    if context["line"] is not None:
        keep_line(context["line"], by=by)
    for agreement in OverlapAgreement.objects.filter(pk__in=context["agreements"]):
        ledger.append(organisation_id=agreement.organisation_id, by=by, action="permits.overlapagreement.permit_purged",
                      obj=agreement)

    def delete_files():
        for storage, name in context["files"]:
            # A file attached to several permits is stored once (named by its hash): keep it while others use it.
            if not Attachment.objects.filter(file=name).exists():
                storage.delete(name)

    transaction.on_commit(delete_files)


def _holdable(organisation_id: int):
    return Permit.objects.filter(organisation_id=organisation_id, number__isnull=False)


def _ended(organisation_id: int):
    return (Permit.objects.filter(organisation_id=organisation_id, ended_at__isnull=False)
            .select_related("work_type").order_by("ended_at"))


# Given in the permits' `register_domain(...)` call.
PERMIT_RULE = RetentionRule(
    blockers=_blockers, rows=_rows, summary=_summary, before=_before, after=_after,
    basis=gettext_lazy("Order 344 cl.14-15: a closed work permit is kept for one year from its closure."),
    name="permit", slug="permits", record_label=gettext_lazy("Work permit"),
    purgeable_title=gettext_lazy("Permits that may be purged"),
    nothing_purgeable=gettext_lazy("No permit has reached the end of its retention period."),
    explanation=gettext_lazy(
        "Closed work permits are kept for one year from their closure (Order 344 cl.14-15) and are never purged while "
        "a hold is set: permits of work during which an accident or injury happened stay with the investigation "
        "materials. A purge leaves a tombstone; the ledger keeps every entry."),
    holdable=_holdable, ended=_ended, ended_at=lambda permit: permit.ended_at,
)
