"""Which wording of a clause is in force on a day, and whether a new finding may cite it (315 cl.16).

A finding, a prescription or an item of the state authority's prescription keeps the `ClauseEdition` in force on its
date: when an amending act later gives the clause a new wording, the record still reads as it was written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from .models import ClauseEdition, LegalActClause


def editions_on(day: datetime.date):
    """The editions in force on `day` (for many clauses at once)."""
    return ClauseEdition.objects.filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=day),
                                        in_force_from__lte=day, is_active=True)


def edition_on(clause: LegalActClause, day: datetime.date) -> ClauseEdition | None:
    """The clause's edition in force on `day`, or None when none was (not yet adopted, or not entered)."""
    return editions_on(day).filter(clause=clause).order_by("-in_force_from").first()


def citable_edition(clause: LegalActClause, day: datetime.date) -> ClauseEdition:
    """The edition a record dated `day` cites, or a ValidationError in the reader's language: a repealed clause, or
    one with no wording in force that day, cannot be cited."""
    edition = edition_on(clause, day)
    if edition is None:
        raise ValidationError(_("%(clause)s has no wording in force on %(date)s.") % {
            "clause": clause, "date": formats.date_format(day, "SHORT_DATE_FORMAT")})
    if edition.repealed:
        raise ValidationError(_("%(clause)s is repealed (%(act)s) and cannot be cited.") % {
            "clause": clause, "act": edition.amending_act or "—"})
    return edition
