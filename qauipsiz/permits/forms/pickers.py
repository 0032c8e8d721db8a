"""Pickers that know the rules (issue 11): the person and division choices of the permit forms.

A person picker offers first those competent for the part on the permit's dates, then the others, each labelled with
what it lacks (the reasons of `core.competence`, in the reader's language); the division pickers show the tree of the
divisions the issuer may issue for (344 cl.16). They only order and label the choices: the field's queryset, which
validates the input, is unchanged, and the services keep checking every rule. `static/qauipsiz/picker.js` adds the
search box to each select marked `data-picker`; without JavaScript the plain select works.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from qauipsiz.core.competence import assess_grid

from ..services.authority import (
    CONTRACTOR_STAFF,
    OUTSIDE_DIVISION,
    admitting_person_breach,
    covered_by,
    division_and_above,
    scope_appointments,
)

PICKER = "data-picker"


def mark(field) -> None:
    """Let picker.js add its search box to the field's select: the mark holds the box's words, in the reader's
    language."""
    field.widget.attrs.update({PICKER: _("Type to search"), "data-picker-found": _("Found: %(count)s")})


def person_label(person) -> str:
    return f"{person.full_name}, {person.position}" if person.position else person.full_name


def competence_days(start=None, end=None) -> list[datetime.date]:
    """The days a part must be competent on: the planned start and end (today until they are typed)."""
    days = {timezone.localdate(moment) for moment in (start, end) if isinstance(moment, datetime.datetime)}
    return sorted(days) or [timezone.localdate()]


def days_text(days: list[datetime.date]) -> str:
    shown = [formats.date_format(day, "SHORT_DATE_FORMAT") for day in (days[0], days[-1])]
    return shown[0] if days[0] == days[-1] else "\u2013".join(shown)


def _reasons(answers: dict, person, role: str, days) -> list[str]:
    reasons = []
    for day in days:
        for reason in answers[(person.pk, role, day)].reasons:
            if str(reason) not in reasons:
                reasons.append(str(reason))
    return reasons


def admitting_reasons(division):
    """344 cl.20 for the admitting persons' picker: of the organisation's own staff, of the division where the work is
    done or of one above it (`services.authority.admitting_person_problems` refuses the issue for the same)."""
    if division is None:
        return lambda person: []
    above = division_and_above(division)

    def reasons(person) -> list[str]:
        breach = admitting_person_breach(person, above)
        if breach == CONTRACTOR_STAFF:
            return [_("an employee of a contractor: the admitting person comes from the management of the division "
                      "(344 cl.20)")]
        if breach == OUTSIDE_DIVISION:
            return [_("not of the management of %(division)s or of a division above it (344 cl.20)")
                    % {"division": division}]
        return []

    return reasons


def people_choices(people, role: str | None, days, answers: dict, more=None) -> list:
    """The choices of a person field: with a competence role, an optgroup of those competent on `days`, then one of the
    others labelled with what they lack (and what `more(person)` adds: a rule of the part beyond competence)."""
    if role is None:
        return [(p.pk, person_label(p)) for p in people]
    competent, others = [], []
    for person in people:
        reasons = _reasons(answers, person, role, days) + (more(person) if more else [])
        if reasons:
            others.append((person.pk, _("%(person)s — %(reasons)s") % {"person": person_label(person),
                                                                        "reasons": "; ".join(reasons)}))
        else:
            competent.append((person.pk, person_label(person)))
    dates = days_text(days)
    groups = []
    if competent:
        groups.append((_("Competent on %(dates)s") % {"dates": dates}, competent))
    if others:
        groups.append((_("Not competent on %(dates)s") % {"dates": dates}, others))
    return groups


def set_choices(field, choices: list) -> None:
    """Render `choices` (the queryset still validates the input); a single select keeps its empty choice."""
    if getattr(field, "empty_label", None) is not None and not field.widget.allow_multiple_selected:
        choices = [("", field.empty_label), *choices]
    field.choices = choices


def assess_people(people, roles, days, division=None) -> dict:
    """One reading of the register for every person in every role on every day (no query per person)."""
    roles = [role for role in dict.fromkeys(roles) if role is not None]
    return assess_grid([(p, role) for p in people for role in roles], days, division=division)


def offer_competent_first(field, people, role: str, *, division=None, at=None) -> None:
    """A person picker of an act after issue (crew, shift performers, admitting persons): competent at `at` first."""
    people = list(people)
    days = competence_days(at)
    set_choices(field, people_choices(people, role, days, assess_people(people, [role], days, division)))
    mark(field)


def division_tree(divisions, issuer, *, until=None, keep=()) -> list:
    """The divisions (ordered by path: a parent before its children) the issuer may issue for, indented by depth; all
    of them while no issuer is chosen, and those in `keep` (the values of an edited draft) in any case."""
    appointments = scope_appointments(issuer, until=until) if issuer is not None else None
    return [(d.pk, d.tree_name) for d in divisions
            if appointments is None or d.pk in keep or covered_by(appointments, d)]
