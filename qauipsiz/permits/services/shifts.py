"""Breaks, shifts and extensions: the daily break and re-admission (344 cl.23, cl.28), the shift handover and the
extension for each shift (item 12, 344 cl.6, cl.22, cl.24, cl.29), and the scheduled lapse (344 cl.6)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.models import Person

from ..acts import Act
from ..choices import PauseKind, PeriodKind, Status, Validity
from ..gatekeeper import named_performers, person_of
from ..models import Extension, Permit
from ..shifts import extension_shift, extension_window, extension_window_open, local_text, next_extension_at
from .common import (
    Credentials,
    _active_crew,
    _end_period,
    _log,
    _move,
    _now,
    _open_period,
    _performer_id,
    _start_period,
    perform_act,
)
from .guards import (
    _check_air_to_admit,
    _check_crew_ready,
    _long_break,
    _refuse,
    air_problems,
    blocked_by_air,
    crew_problems,
    no_further_shift,
    workplace_problems,
)


def permit_pause(*, permit: Permit, by, credentials: Credentials, performer_credentials: Credentials) -> Permit:
    """344 cl.23: a daily break, signed by the admitting person and the performer (a lunch break is not recorded)."""
    def change(context):
        permit, role = context.record, context.role
        permit.paused_at, permit.pause_kind = _now(), PauseKind.DAILY_BREAK
        _move(permit=permit, act=Act.PAUSE, by=by, role=role, fields=["paused_at", "pause_kind"])
        _end_period(permit=permit, by=by, role=role)
        return permit

    return perform_act(Act.PAUSE, permit=permit, by=by, credentials=credentials,
                       performer_credentials=performer_credentials, change=change)


def permit_hand_over_shift(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """344 cl.24, item 12: "the conditions have not changed, the shift has been passed", by the outgoing performer."""
    def guard(context):
        if context.record.validity != Validity.WHOLE_PERIOD:
            raise ActionRefused(_("A permit for one shift is not handed over to another shift (344 cl.6)."))

    def change(context):
        permit = context.record
        permit.paused_at, permit.pause_kind = _now(), PauseKind.SHIFT_HANDOVER
        _move(permit=permit, act=Act.HAND_OVER_SHIFT, by=by, role=context.role, fields=["paused_at", "pause_kind"])
        return permit

    return perform_act(Act.HAND_OVER_SHIFT, permit=permit, by=by, credentials=credentials, guard=guard, change=change)


def permit_readmit(*, permit: Permit, by, credentials: Credentials, performer_credentials: Credentials,
                   conditions_unchanged: bool = False, conditions_changed: bool = False) -> Permit:
    """344 cl.23 and cl.28: re-admission after a break within the shift the permit is valid for; after more than one
    shift, only once the admitting person and the performer confirm that the safety conditions have not changed. Changed
    conditions need a new permit (item 12, 344 cl.6)."""
    def guard(context):
        permit = context.record
        _refuse_changed_conditions(conditions_changed)
        if permit.valid_until is None or _now() >= permit.valid_until:
            if permit.validity == Validity.WHOLE_PERIOD:
                raise ActionRefused(_("The shift the permit was extended for is over: extend it for this shift "
                                      "(item 12)."))
            raise ActionRefused(_("A permit for one shift ends with its shift: hand it back and issue a new one "
                                  "(344 cl.6)."))
        if _long_break(permit, permit.paused_at) and not conditions_unchanged:
            raise ValidationError(_("The break lasted more than one shift: confirm, together with the work performer, "
                                    "that the safety conditions of the permit have not changed (344 cl.28)."))
        _check_air_to_admit(permit)

    def change(context):
        permit, role = context.record, context.role
        if permit.pause_kind == PauseKind.DAILY_BREAK or _open_period(permit) is None:
            _end_period(permit=permit, by=by, role=role)
            _start_period(permit=permit, by=by, role=role, kind=PeriodKind.READMISSION, admitted_by=person_of(by))
        permit.paused_at, permit.pause_kind = None, ""
        _move(permit=permit, act=Act.READMIT, by=by, role=role, fields=["paused_at", "pause_kind"])
        return permit

    return perform_act(Act.READMIT, permit=permit, by=by, credentials=credentials,
                       performer_credentials=performer_credentials, guard=guard, change=change)


def _shift_subject(permit: Permit) -> dict:
    return {"shift_start": extension_shift(permit, _now()).start.isoformat()}


def _refuse_changed_conditions(conditions_changed: bool) -> None:
    """Item 12, 344 cl.6: a permit holds only while the conditions of the work stay as it describes them."""
    if conditions_changed:
        raise ActionRefused(_("The conditions of the work have changed: the permit is valid only while they remain "
                              "unchanged. Hand it back and issue a new permit for the changed conditions "
                              "(344 cl.6, item 12)."))


def extension_due_problems(permit: Permit, now) -> list[str]:
    """344 cl.6: an extension is made "before the beginning of each shift": not while the permit is still valid beyond
    the extension window, and not past the planned period. The reason says which it is and when the next one may be
    made."""
    if last := no_further_shift(permit, now):
        return last
    if extension_window_open(permit, now):
        return []
    values = {"until": local_text(permit.valid_until), "from": local_text(next_extension_at(permit)),
              "minutes": int(extension_window().total_seconds() // 60)}
    if permit.extensions.filter(shift_end=permit.valid_until).exists():
        return [_("The permit is already extended for this shift, until %(until)s; the next extension may be made "
                  "from %(from)s (344 cl.6).") % values]
    return [_("The permit is valid until %(until)s, the end of the shift it was admitted for; it is extended for the "
              "next shift at most %(minutes)s minutes before that shift, from %(from)s (344 cl.6).") % values]


def _check_extension_due(permit: Permit, now) -> None:
    _refuse(extension_due_problems(permit, now))


def extension_problems(permit: Permit, now) -> list[str]:
    """What the extension's guard refuses at `now` whatever the form says (issue 11: the page shows it before anyone
    signs): the window and the planned period, the workplace not accepted, the crew not ready, the air (item 5.4)."""
    if due := extension_due_problems(permit, now):
        return due
    return (workplace_problems(permit) + crew_problems(list(_active_crew(permit)))
            + blocked_by_air(air_problems(permit, at=now)))


def _check_named_performer(permit: Permit, shift_performer: Person) -> None:
    if shift_performer.pk != permit.performer_id and not named_performers(permit).filter(pk=shift_performer.pk).exists():
        raise ValidationError({"shift_performer": _(
            "%(person)s is not named by the issuer as a work performer of this permit's shifts; the issuer names him "
            "first (344 cl.29, item 12).") % {"person": shift_performer}})


def permit_extend(*, permit: Permit, by, credentials: Credentials, shift_performer: Person,
                  performer_credentials: Credentials, crew_count: int, measures_checked: bool,
                  conditions_unchanged: bool = False, conditions_changed: bool = False) -> Extension:
    """Item 12, 344 cl.6, cl.22, cl.24, cl.29: before each shift the admitting person checks the measures and extends
    the permit for that shift; the performer of the incoming shift accepts it."""
    def guard(context):
        permit = context.record
        if not measures_checked:
            raise ValidationError({"measures_checked": _(
                "Confirm that you checked the measures of the permit and briefed the work performer at the place of "
                "work before this shift (344 cl.22).")})
        now = _now()
        if permit.validity != Validity.WHOLE_PERIOD:
            raise ActionRefused(_("A permit issued for one shift cannot be extended (344 cl.6)."))
        _refuse_changed_conditions(conditions_changed)
        _check_extension_due(permit, now)
        shift = extension_shift(permit, now)
        if permit.valid_until is not None and permit.valid_until >= min(shift.end, permit.planned_end):
            raise ActionRefused(_("The permit is already extended for this shift."))
        # A permit that lapsed right after admission goes on only once its performer has accepted the workplace.
        if permit.accepted_at is None:
            raise ActionRefused(_("The work performer has not yet accepted the workplace (item 10)."))
        if shift_performer.organisation_id != permit.organisation_id:
            raise ValidationError({"shift_performer": _("This belongs to another organisation.")})
        _check_named_performer(permit, shift_performer)
        crew = _check_crew_size(permit)
        since = permit.paused_at or (permit.valid_until if permit.status == Status.LAPSED else None)
        if _long_break(permit, since) and not conditions_unchanged:
            raise ValidationError(_("The break lasted more than one shift: confirm, together with the work performer, "
                                    "that the safety conditions of the permit have not changed (344 cl.28)."))
        # Item 5.4, item 12, 344 cl.6: the extension admits the crew for the next shift: the air as at an admission,
        # every latest reading within its limit and fresh, by the same guard and with the same reasons.
        _check_air_to_admit(permit)
        handed_over_by = _performer_id(permit) if permit.pause_kind == PauseKind.SHIFT_HANDOVER else None
        context.values.update(now=now, shift=shift, crew=crew, handed_over_by=handed_over_by,
                              subject={"shift_start": shift.start.isoformat()})

    def _check_crew_size(permit):
        crew = _active_crew(permit).count()
        if crew_count < 1 or crew_count > crew:
            raise ValidationError({"crew_count": _("The incoming crew must be between 1 and the %(count)s briefed "
                                                   "members of the crew.") % {"count": crew}})
        _check_crew_ready(permit)
        return crew

    def change(context):
        permit, role, shift = context.record, context.role, context.values["shift"]
        extension = Extension.objects.create(permit=permit, extended_at=context.values["now"], shift_start=shift.start,
                                             shift_end=min(shift.end, permit.planned_end),
                                             handed_over_by_id=context.values["handed_over_by"],
                                             accepted_by=shift_performer, crew_count=crew_count,
                                             admitted_by=person_of(by))
        _log(by=by, role=role, event="recorded", obj=extension)
        if permit.pause_kind == PauseKind.DAILY_BREAK or permit.status == Status.LAPSED:
            _end_period(permit=permit, by=by, role=role)
            _start_period(permit=permit, by=by, role=role, kind=PeriodKind.READMISSION, admitted_by=person_of(by))
        permit.valid_until = extension.shift_end
        permit.paused_at, permit.pause_kind = None, ""
        _move(permit=permit, act=Act.EXTEND, by=by, role=role, fields=["valid_until", "paused_at", "pause_kind"])
        return extension

    return perform_act(Act.EXTEND, permit=permit, by=by, credentials=credentials,
                       performer_credentials=performer_credentials, people={"shift_performer": shift_performer},
                       guard=guard, change=change, subject=_shift_subject)


def lapse_due(now=None):
    """Permits that must lapse now (344 cl.6): work not extended for the running shift, or the period over."""
    now = now or _now()
    return Permit.objects.filter(Permit.lapsed_q(now))


def permit_lapse(*, permit: Permit) -> Permit | None:
    """The scheduled lapse (a job, not a person): the permit no longer allows work; everyone concerned is told."""
    def change(context):
        permit = context.record
        if not lapse_due().filter(pk=permit.pk).exists():
            return None  # extended or ended meanwhile
        _end_period(permit=permit, by=None, role="system", at=min(permit.valid_until or _now(), _now()))
        permit.status = Status.LAPSED
        permit.save(update_fields=["status", "updated_at"])
        _log(by=None, role="system", event=Act.LAPSE, obj=permit)
        return permit

    return perform_act(Act.LAPSE, permit=permit, by=None, change=change)


def lapse_job() -> str:
    """The scheduled job of 344 cl.6: lapse every permit whose shift ran out without an extension."""
    lapsed = [p for p in (permit_lapse(permit=permit) for permit in lapse_due().only("pk")) if p is not None]
    return f"{len(lapsed)} permit(s) lapsed"
