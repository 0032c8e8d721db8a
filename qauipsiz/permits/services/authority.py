"""Who may issue a permit and who may admit under it: 344 cl.16 and cl.20, as the Kazakh text reads.

cl.16: "Орындалуына ұйымның бірнеше құрылымдық бөлімшелері қатысатын ... наряд-рұқсаттарды ұйымның басшысы немесе ол
уәкілдік берген адам береді" — work in which several divisions take part is issued by the head of the organisation or a
person he authorised; "жергілікті сипаттағы жұмыстарға ... осы жұмыстар жүргізілуге тиіс жердегі құрылымдық
бөлімшелердің басшылары немесе олардың орынбасарлары" — local work by the heads of the divisions where it is to be done,
or their deputies. The post is the appointment's `position`; an authorisation of the head is an appointment as permit
issuer without a post.

cl.20: "жұмысқа рұқсат беруші адам жұмыстар жүргізілетін жердегі бөлімшенің басшылық құрамынан тағайындалады" — the
admitting person comes from the management of the division where the work is done (the English "the unit that
performs these works" would point to the contractor; the Kazakh text decides), so never a contractor's employee.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.core.choices import AppointmentPosition, AppointmentRole
from qauipsiz.core.competence import issuer_appointments, issuing_appointments
from qauipsiz.core.models import Appointment, Division, Person

from ..choices import HoldingPolicy, PermitPart
from ..models import PartsPolicy, Permit


def _covers(appointment: Appointment, division: Division) -> bool:
    # A head of a workshop heads the sites inside it: the division tree decides.
    return any(division.path.startswith(covered.path) for covered in appointment.divisions.all())


def issuer_authority_problems(permit: Permit, issuer: Person, divisions: list[Division], at) -> list[str]:
    """344 cl.16. A contractor's permit is issued by the contractor's authorised person (cl.9), checked apart."""
    if permit.contractor_id:
        return []
    current = issuing_appointments(issuer, at)
    posts = (AppointmentPosition.HEAD, AppointmentPosition.DEPUTY)
    if len(divisions) == 1:
        division = divisions[0]
        if any(a.position in posts and not a.whole_organisation and _covers(a, division) for a in current):
            return []
        return [_("%(person)s is neither the head of %(division)s nor a deputy head: local work is issued by the head "
                  "of the division where it is done or a deputy (344 cl.16)")
                % {"person": issuer.full_name, "division": division}]
    if any(a.position == AppointmentPosition.HEAD and a.whole_organisation for a in current):
        return []
    if any(a.role == AppointmentRole.PERMIT_ISSUER and (a.whole_organisation or all(_covers(a, d) for d in divisions))
           for a in current):
        return []
    return [_("%(person)s is neither the head of the organisation nor a person the head authorised for %(divisions)s: "
              "work in which several divisions take part is issued by them (344 cl.16)")
            % {"person": issuer.full_name, "divisions": ", ".join(str(d) for d in divisions)}]


def scope_appointments(issuer: Person, *, until=None) -> list[Appointment]:
    """The issuer's appointments that let him issue (344 cl.16: as permit issuer, or by the post of head or deputy)
    at some moment from today to `until` (the planned end of the work; default: today): a draft is issued before or
    during its planned period, so an appointment that ended before today or begins only after the work does not
    count."""
    today = timezone.localdate()
    last = timezone.localdate(until) if isinstance(until, datetime.datetime) else (until or today)
    return [a for a in issuer_appointments(issuer)
            if a.valid_from <= max(last, today) and (a.valid_until is None or a.valid_until >= today)]


def covered_by(appointments: list[Appointment], division: Division) -> bool:
    """Whether one of the appointments covers the division: the whole organisation, or a division at or above it."""
    return any(a.whole_organisation or _covers(a, division) for a in appointments)


def issuer_scope_problems(permit: Permit) -> list[str]:
    """Issue 11: a draft is drawn up only in a division its issuer may issue for (an appointment of his covers it,
    344 cl.16); otherwise nobody could issue, edit or cancel it as its issuer. The whole check of issue stays with
    `_check_issue`."""
    if permit.issuer_id is None or permit.division_id is None:
        return []
    issuer, division = permit.issuer, permit.division
    if covered_by(scope_appointments(issuer, until=permit.planned_end), division):
        return []
    return [_("%(person)s may not issue permits for %(division)s: no appointment of theirs as permit issuer, head or "
              "deputy head covers it (344 cl.16). Choose a division they issue for, or another issuer.")
            % {"person": issuer.full_name, "division": division}]


def division_and_above(division: Division) -> set[int]:
    # The path is the chain of zero-padded ids from the root: no query for the divisions above.
    return {int(part) for part in division.path.strip("/").split("/") if part} | {division.pk}


CONTRACTOR_STAFF, OUTSIDE_DIVISION = "contractor", "outside"


def admitting_person_breach(person: Person, above: set[int]) -> str | None:
    """344 cl.20: what keeps the person from admitting to work done in a division (`above`: its id and those above
    it): an employee of a contractor, or not of the management of that division. The refusal of the issue and the
    admitting persons' picker word it each in their place."""
    if person.contractor_id:
        return CONTRACTOR_STAFF
    if person.division_id not in above:
        return OUTSIDE_DIVISION
    return None


def admitting_person_problems(permit: Permit, people) -> list[str]:
    """344 cl.20: each admitting person is of the organisation's own staff, of the division where the work is done or
    of one above it (its management)."""
    problems = []
    above = division_and_above(permit.division)
    for person in people:
        breach = admitting_person_breach(person, above)
        if breach == CONTRACTOR_STAFF:
            problems.append(_("%(person)s is an employee of the contractor %(contractor)s: the admitting person comes "
                              "from the management of the division where the work is done (344 cl.20)")
                            % {"person": person.full_name, "contractor": person.contractor})
        elif breach == OUTSIDE_DIVISION:
            problems.append(_("%(person)s is not of the management of %(division)s, where the work is done: the "
                              "admitting person comes from it (344 cl.20)")
                            % {"person": person.full_name, "division": permit.division})
    return problems


def _parts(permit: Permit) -> list[tuple[str, Person]]:
    parts = [(PermitPart.ISSUER, permit.issuer), (PermitPart.RESPONSIBLE_MANAGER, permit.responsible_manager),
             (PermitPart.PERFORMER, permit.performer)]
    parts += [(PermitPart.ADMITTING_PERSON, person) for person in permit.admitting_persons.all()]
    return [(part, person) for part, person in parts if person is not None]


def held_together(permit: Permit) -> list[dict]:
    """Pairs of parts of the permit one person holds, each with the organisation's policy for the pair (no row: warn
    and record). Order 344 neither allows nor forbids it; the organisation decides (`PartsPolicy`)."""
    order = {part: index for index, part in enumerate(PermitPart.values)}
    parts = _parts(permit)
    pairs = []
    for i, (first, person) in enumerate(parts):
        for second, other in parts[i + 1:]:
            if other.pk == person.pk and first != second:
                a, b = sorted((first, second), key=order.__getitem__)
                if (a, b, person.pk) not in [(p["first"], p["second"], p["person"].pk) for p in pairs]:
                    pairs.append({"first": a, "second": b, "person": person})
    if not pairs:
        return []
    policies = {(p.first, p.second): p.policy for p in PartsPolicy.objects.filter(organisation=permit.organisation_id)}
    for pair in pairs:
        pair["policy"] = policies.get((pair["first"], pair["second"]),
                                      policies.get((pair["second"], pair["first"]), HoldingPolicy.WARN))
        pair["text"] = (_("%(person)s holds both parts: %(first)s and %(second)s")
                        % {"person": pair["person"].full_name, "first": PermitPart(pair["first"]).label,
                           "second": PermitPart(pair["second"]).label})
        pair["policy_label"] = HoldingPolicy(pair["policy"]).label
    return pairs


def forbidden_holdings(permit: Permit) -> list[str]:
    return [_("%(held)s, which the organisation forbids") % {"held": pair["text"]}
            for pair in held_together(permit) if pair["policy"] == HoldingPolicy.FORBID]


def recorded_holdings(permit: Permit) -> list[dict]:
    """What the issue records of the pairs the organisation has warned about: plain JSON for the ledger."""
    return [{"first": pair["first"], "second": pair["second"], "person": pair["person"].pk,
             "name": pair["person"].full_name, "policy": pair["policy"]}
            for pair in held_together(permit) if pair["policy"] == HoldingPolicy.WARN]
