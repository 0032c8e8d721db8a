"""People named by the issuer after issue (344 cl.29, item 12): an admitting person replaced or added for a shift, and
the work performers of the shifts, each by the issuer's signed act instead of drawing the permit up again.

344 cl.29 (Kazakh text): "Жұмысты ауысымдық кесте бойынша орындаған кезде наряд-рұқсаттың барлық жарамды уақытына
жауапты жұмыс жүргізушілер әр ауысым үшін тағайындалады": for work on a shift schedule, responsible work performers
are appointed for each shift for the whole validity of the permit. Item 12, column 6: "Жұмысқа рұқсат беремін –
ауысымдағы жұмысқа рұқсат беруші", the admitting person of the shift. 344 cl.19: the issuer appoints them; cl.20: the
admitting person comes from the management of the unit where the work is done (the appointment covers the permit's
division, as at issue).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.models import Person

from ..acts import Act
from ..choices import NamingKind
from ..gatekeeper import named_performers, person_of
from ..models import Naming, Permit
from .authority import admitting_person_problems
from .common import Credentials, _log, _move, _now, perform_act
from .guards import _require_competent


def _check_person(permit: Permit, person: Person, field: str) -> None:
    if person.organisation_id != permit.organisation_id:
        raise ValidationError({field: _("This belongs to another organisation.")})
    if not person.is_active:
        raise ValidationError({field: _("%(person)s is no longer active.") % {"person": person}})


def _record(context, *, by, kind: str, person: Person, replaced: Person | None = None) -> Naming:
    naming = Naming.objects.create(permit=context.record, kind=kind, person=person, replaced=replaced,
                                   named_at=_now(), named_by=person_of(by))
    _log(by=by, role=context.role, event="recorded", obj=naming)
    return naming


def permit_name_admitting(*, permit: Permit, by, credentials: Credentials, person: Person,
                          replaces: Person | None = None) -> Naming:
    """344 cl.29, item 12: the issuer replaces a named admitting person (`replaces`) by `person`, or adds `person` as an
    admitting person of a shift. The new one must be competent as an admitting person for the permit's division (344
    cl.19, cl.20); the replaced one stays on record (`Naming`, and the admissions he signed) but no longer acts."""
    def guard(context):
        permit = context.record
        _check_person(permit, person, "person")
        current = {p.pk for p in permit.admitting_persons.all()}
        if person.pk in current:
            raise ValidationError({"person": _("%(person)s is already an admitting person of this permit.")
                                   % {"person": person}})
        if replaces is not None and replaces.pk not in current:
            raise ValidationError({"replaces": _("%(person)s is not an admitting person of this permit.")
                                   % {"person": replaces}})
        _require_competent(person, CompetenceRole.ADMITTING_PERSON, permit)
        # cl.20: from the management of the division where the work is done, as at issue.
        problems = admitting_person_problems(permit, [person])
        if problems:
            raise ActionRefused("; ".join(problems))

    def change(context):
        permit = context.record
        if replaces is not None:
            permit.admitting_persons.remove(replaces)
        permit.admitting_persons.add(person)
        kind = NamingKind.ADMITTING_REPLACED if replaces is not None else NamingKind.ADMITTING_ADDED
        naming = _record(context, by=by, kind=kind, person=person, replaced=replaces)
        _move(permit=permit, act=Act.NAME_ADMITTING, by=by, role=context.role)
        return naming

    return perform_act(Act.NAME_ADMITTING, permit=permit, by=by, credentials=credentials, guard=guard, change=change,
                       subject=lambda permit: {"person": person.pk, "replaces": replaces.pk if replaces else None})


def permit_name_shift_performer(*, permit: Permit, by, credentials: Credentials, person: Person) -> Naming:
    """344 cl.29: the issuer names a work performer for the shifts; only those he named (and the permit's own performer)
    accept a shift in an extension (item 12). He must be competent as a work performer (344 cl.19)."""
    def guard(context):
        permit = context.record
        _check_person(permit, person, "person")
        if named_performers(permit).filter(pk=person.pk).exists():
            raise ValidationError({"person": _("%(person)s is already a work performer of this permit.")
                                   % {"person": person}})
        if permit.contractor_id and person.contractor_id != permit.contractor_id:
            raise ValidationError({"person": _("The work performer of a contractor's permit is that contractor's "
                                               "person (344 cl.9).")})
        _require_competent(person, CompetenceRole.WORK_PERFORMER, permit)

    def change(context):
        permit = context.record
        naming = _record(context, by=by, kind=NamingKind.SHIFT_PERFORMER, person=person)
        _move(permit=permit, act=Act.NAME_SHIFT_PERFORMER, by=by, role=context.role)
        return naming

    return perform_act(Act.NAME_SHIFT_PERFORMER, permit=permit, by=by, credentials=credentials, guard=guard,
                       change=change, subject=lambda permit: {"person": person.pk})
