"""The demo's legal library: the national acts, read by every organisation, and one internal act of the refinery.

National acts are found by number, date and issuer before they are created, so that the demo added to an installation
whose superuser already keeps Order 315 in its library uses that row. Order 315 carries its real Kazakh text (parsed
by `core.order315`) with the editions the amending orders gave it (315 cl.16): cl.10 repealed by Order 335 of
26.12.2022, and cl.1 and cl.4.13 given a new wording by Order 433 of 02.10.2025 from 01.01.2026.
"""

import datetime

from ..choices import LegalActStatus
from ..legal import clause_amend, clause_repeal
from ..models import ClauseEdition, LegalAct, LegalActClause
from ..order315 import parse
from .data import INTERNAL_LEGAL_ACTS, LEGAL_ACTS

ORDER_315 = ("315", datetime.date(2021, 6, 24))
# Order 335 came into force ten days after its first official publication; the bank gives no publication date, so the
# demo takes the first day of 2023 (the brief: "repealed from 2023").
ORDER_335 = ("335", datetime.date(2022, 12, 26))
ORDER_335_IN_FORCE = datetime.date(2023, 1, 1)
ORDER_433 = ("433", datetime.date(2025, 10, 2))
ORDER_433_IN_FORCE = datetime.date(2026, 1, 1)
ORDER_433_CLAUSES = ("1", "4.13")

# The bank gives only the note of Order 433, not the new wording: the edition says so in Russian and English.
PENDING_WORDING_RU = ("Новая редакция по приказу № 433 от 02.10.2025, вводится в действие с 01.01.2026. Эталонный "
                      "банк НПА приводит только это примечание: внесите редакцию из опубликованного приказа.")
PENDING_WORDING_EN = ("New wording under Order No. 433 of 02.10.2025, in force from 01.01.2026. The reference bank of "
                      "legal acts gives only this note: enter the wording from the published order.")


def _act(organisation, spec) -> tuple[LegalAct, bool]:
    kk, ru, en, number, adopted, issuer, lost, _clauses = spec
    existing = LegalAct.objects.filter(organisation=organisation, number=number, adopted_on=adopted,
                                       issuer=issuer).first()
    if existing is not None:
        return existing, False
    return LegalAct.objects.create(
        organisation=organisation, title_kk=kk, title_ru=ru, title_en=en, number=number, adopted_on=adopted,
        issuer=issuer, lost_force_on=lost, status=LegalActStatus.LOST_FORCE if lost else LegalActStatus.IN_FORCE), True


def _clauses_315(act: LegalAct) -> list[LegalActClause]:
    return [LegalActClause(act=act, number=clause.number, text_kk="" if clause.repealed else clause.text,
                           position=position) for position, clause in enumerate(parse(), start=1)]


def create_library(loader) -> tuple[int, int]:
    """The acts and clauses the demo adds (those already in the library are left as they are)."""
    acts = clauses = 0
    by_key = {}
    for organisation, specs in ((None, LEGAL_ACTS), (loader.refinery, INTERNAL_LEGAL_ACTS)):
        for spec in specs:
            act, created = _act(organisation, spec)
            by_key[(act.number, act.adopted_on)] = act
            if not created:
                continue
            acts += 1
            if (act.number, act.adopted_on) == ORDER_315:
                rows = _clauses_315(act)
            else:
                rows = [LegalActClause(act=act, number=number, text_kk=kk, text_ru=ru, text_en=en, position=position)
                        for position, (number, kk, ru, en) in enumerate(spec[7], start=1)]
            LegalActClause.objects.bulk_create(rows)
            # 315 cl.16: each clause's original wording, in force from the act's date (a national act is in no
            # organisation's books, so nothing is ledgered for it; the refinery's own act is, by the ledger's step).
            ClauseEdition.objects.bulk_create([
                ClauseEdition(clause=row, in_force_from=act.adopted_on, text_kk=row.text_kk, text_ru=row.text_ru,
                              text_en=row.text_en) for row in rows if row.text_kk or row.text_ru or row.text_en])
            clauses += len(rows)
            if (act.number, act.adopted_on) == ORDER_315:
                _amend_315(loader, act, by_key)
    return acts, clauses


def _amend_315(loader, act: LegalAct, by_key) -> None:
    clauses = {c.number: c for c in act.clauses.all()}
    notes = {c.number: c.pending for c in parse()}
    clause_repeal(by=loader.admin, clause=clauses["10"], day=ORDER_335_IN_FORCE, act=by_key[ORDER_335])
    for number in ORDER_433_CLAUSES:
        clause_amend(by=loader.admin, clause=clauses[number], day=ORDER_433_IN_FORCE, act=by_key[ORDER_433],
                     text_kk=" ".join(notes[number]), text_ru=PENDING_WORDING_RU, text_en=PENDING_WORDING_EN)
