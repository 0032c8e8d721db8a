"""Which wording of a clause is in force on a day, and whether a new finding may cite it (315 cl.16).

A finding, a prescription or an item of the state authority's prescription keeps the `ClauseEdition` in force on its
date: when an amending act later gives the clause a new wording, the record still reads as it was written.

The services here change editions in one transaction each, ledgered like every change of the register (the national
library's, by the superuser, in no organisation's books: `services.NATIONAL_LIBRARY`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can

from . import services
from .models import ClauseEdition, LegalAct, LegalActClause


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


def _check_amending_act(clause: LegalActClause, act: LegalAct, day: datetime.date) -> None:
    if act.organisation_id not in (None, clause.act.organisation_id):
        raise ValidationError({"amending_act": _("Choose a national act or an act of the same organisation.")})
    if act.adopted_on > day:
        raise ValidationError({"in_force_from": _("The change cannot come into force before the amending act "
                                                  "was adopted.")})


def _open_edition(*, by, clause: LegalActClause, day: datetime.date, act: LegalAct, repealed: bool,
                  texts: dict[str, str]) -> ClauseEdition:
    """End the edition in force before `day` the day before, and start a new one from `day` (315 cl.16)."""
    current = LegalActClause.objects.select_for_update(no_key=True, of=("self",)).select_related("act").get(pk=clause.pk)
    if not can(by, Action.CHANGE, current):
        raise services.deny(Action.CHANGE)
    _check_amending_act(current, act, day)
    editions = ClauseEdition.objects.select_for_update(no_key=True).filter(clause=current, is_active=True)
    if editions.filter(in_force_from__gte=day).exists():
        raise ValidationError({"in_force_from": _("The clause already has an edition from that date or later: a "
                                                  "change is entered after the last one.")})
    previous = editions.order_by("-in_force_from").first()
    if previous is not None and previous.repealed:
        raise ValidationError(_("The clause is repealed; a repealed clause is not amended."))
    if previous is not None and (previous.in_force_until is None or previous.in_force_until >= day):
        previous.in_force_until = day - datetime.timedelta(days=1)
        previous.full_clean()
        previous.save(update_fields=["in_force_until", "updated_at"])
        services.ledger_record(by=by, action=Action.CHANGE, event="closed", obj=previous)
    edition = ClauseEdition(clause=current, in_force_from=day, amending_act=act, repealed=repealed, **texts)
    edition.full_clean()
    edition.save()
    services.ledger_record(by=by, action=Action.CHANGE, event="created", obj=edition)
    return edition


@transactions.atomic
def clause_amend(*, by, clause: LegalActClause, day: datetime.date, act: LegalAct, text_kk: str = "",
                 text_ru: str = "", text_en: str = "") -> ClauseEdition:
    """Give the clause a new wording from `day` by the amending `act`."""
    texts = {"text_kk": text_kk.strip(), "text_ru": text_ru.strip(), "text_en": text_en.strip()}
    if not any(texts.values()):
        raise ValidationError({"text_kk": _("Enter the wording in at least one language.")})
    return _open_edition(by=by, clause=clause, day=day, act=act, repealed=False, texts=texts)


@transactions.atomic
def clause_repeal(*, by, clause: LegalActClause, day: datetime.date, act: LegalAct) -> ClauseEdition:
    """Repeal the clause from `day` by `act`: from then on it has no wording and cannot be cited."""
    return _open_edition(by=by, clause=clause, day=day, act=act, repealed=True, texts={})


def first_edition(*, by, clause: LegalActClause) -> ClauseEdition | None:
    """A clause entered with its text has that text as its original wording, in force from the act's date."""
    if not (clause.text_kk or clause.text_ru or clause.text_en) or clause.editions.exists():
        return None
    edition = ClauseEdition.objects.create(clause=clause, in_force_from=clause.act.adopted_on, text_kk=clause.text_kk,
                                           text_ru=clause.text_ru, text_en=clause.text_en)
    services.ledger_record(by=by, action=Action.ADD, event="created", obj=edition)
    return edition
