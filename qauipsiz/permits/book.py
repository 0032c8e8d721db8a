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

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import grants_of, scope_q
from qauipsiz.core.models import Contractor, Organisation
from qauipsiz.documents.marks import person_line
from qauipsiz.ledger import services as ledger

from .gatekeeper import visible_permits
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
        work_type_en=work_type.name_en, scope_of_work=permit.scope_of_work, place=permit.place,
        # As people read it now (344 cl.6): a permit past its validity is lapsed in the register's XLSX at once. A
        # purged permit has ended, so its kept line has its stored status.
        status=permit.effective_status)


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


# --- which books a reader opens: one answer for the register page, its files and the API ------------------------------

def register_organisations(user) -> QuerySet:
    """The organisations whose register the user opens: those he sees permits or kept lines of (an outsider: none)."""
    return Organisation.objects.filter(Q(pk__in=visible_permits(user).values("organisation"))
                                       | Q(pk__in=visible_lines(user).values("organisation"))).order_by("name_kk", "pk")


def readable_books(user, organisation) -> tuple[bool, list[Contractor]]:
    """The books of the organisation the user may open: its own, unless all he holds there is a contractor's
    representative's role (and no permit of it names him); and those of the contractors whose permits he sees (a
    representative: his contractor's, 344 cl.9, cl.15)."""
    visible, lines = visible_permits(user), visible_lines(user)
    grants = [g for g in grants_of(user) if g.organisation_id == organisation.pk]
    own = (getattr(user, "is_superuser", False) or any(g.role != Role.CONTRACTOR_REP for g in grants)
           or visible.filter(organisation=organisation, contractor__isnull=True, number__isnull=False).exists())
    ids = ({g.contractor_id for g in grants if g.role == Role.CONTRACTOR_REP and g.contractor_id}
           | set(visible.filter(organisation=organisation, contractor__isnull=False, number__isnull=False)
                 .values_list("contractor", flat=True))
           | set(lines.filter(organisation=organisation, contractor__isnull=False).values_list("contractor", flat=True)))
    contractors = list(Contractor.objects.filter(organisation=organisation, pk__in=ids).order_by("name_kk", "pk"))
    return own, contractors


def chosen_book(own: bool, contractors: list[Contractor], book: int | None) -> tuple[bool, Contractor | None]:
    """The book asked for (a contractor's id, or None for the organisation's own) among `readable_books`: whether it
    is one the reader may open, and the contractor whose book it is. Asked for none, a representative who may not
    open the organisation's own book gets his contractor's."""
    if book is not None:
        contractor = next((c for c in contractors if c.pk == book), None)
        return contractor is not None, contractor
    if not own and contractors:
        return True, contractors[0]
    return True, None
