"""The register book of work permits (Annex 2, 344 cl.13): which book a permit is in, and its line in the book.

Which book. A permit is registered in the book of the organisation that issued it: 344 cl.15 keeps closed permits
"оларды берген ұйымда" (in the organisation that issued them), and cl.9 has the permits for a contractor's work on a
site handed over by an admission certificate issued by "мердігерлік ұйымдардың уәкілетті адамдары" (the contractor's
authorised persons). So a contractor's permit is in the contractor's book, not the customer's: the customer keeps its
own book, and each contractor working under its certificates has one, numbered on its own (one number series per
book, `book_series`), which the contractor's representative sees, prints and exports.

Its line. The columns of Annex 2 are read from a permit through `line_of`, the one place they are taken: the register
page, the PDF and the XLSX build their rows from such lines (`selectors.register_row`). When retention purges a permit
after its year (cl.14-15) the line is saved (`keep_line`) and ledgered, so that the book never loses a line. cl.13 sets
no end to the keeping of the laced and numbered book, so a kept line has no retention rule and is never purged.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import scope_q
from qauipsiz.documents.marks import person_line
from qauipsiz.ledger import services as ledger

from .models import Permit, RegisterLine


def book_series(contractor_id: int | None) -> str:
    """The number series of a book (`ledger.number_next`'s register): the organisation's own, or a contractor's."""
    return "permit" if contractor_id is None else f"permit-contractor-{contractor_id}"


def book_q(contractor) -> Q:
    """The permits (or kept lines) of one book of an organisation: its own (`contractor` None) or a contractor's."""
    return Q(contractor__isnull=True) if contractor is None else Q(contractor=contractor)


def _iso(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def moment(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def line_of(permit: Permit) -> RegisterLine:
    """The permit's line of Annex 2, unsaved: every column (admission periods, number, issuer, nature of the work) and
    the book and scope it belongs to. Reads the issuer, the work type and the periods (prefetch them for many)."""
    work_type = permit.work_type
    periods = sorted(permit.periods.all(), key=lambda p: (p.started_at, p.pk))
    return RegisterLine(
        organisation_id=permit.organisation_id, contractor_id=permit.contractor_id, division_id=permit.division_id,
        permit_id=permit.pk, number=permit.number, year=permit.year,
        periods=[{"kind": p.kind, "started_at": _iso(p.started_at), "ended_at": _iso(p.ended_at)} for p in periods],
        issuer=person_line(permit.issuer), work_type_kk=work_type.name_kk, work_type_ru=work_type.name_ru,
        work_type_en=work_type.name_en, scope_of_work=permit.scope_of_work, place=permit.place, status=permit.status)


def keep_line(line: RegisterLine, *, by) -> RegisterLine:
    """Save the line of a permit being purged and ledger it: tamper-evident like the permit was (344 cl.13-14;
    `qauipsiz verify` compares it with its snapshot)."""
    line.kept_at = timezone.now()
    line.save()
    ledger.append(organisation_id=line.organisation_id, by=by, role="", action="permits.registerline.kept", obj=line)
    return line


def visible_lines(user, queryset: QuerySet | None = None) -> QuerySet:
    """The kept lines the user may read: the same scopes as the permits they were (organisation, division subtree,
    contractor); the people a purged permit named no longer reach it through the permit."""
    queryset = RegisterLine.objects.all() if queryset is None else queryset
    query = scope_q(user, Action.VIEW, RegisterLine)
    return queryset.none() if query is None else queryset.filter(query)
