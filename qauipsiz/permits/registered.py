"""Each act of a permit registered once (`qauipsiz.acts.registered.RegisteredAct`): its page under /permits/<id>/…
(named as before in the `permits` URL namespace), its action on the permit page and its endpoint under
/api/v1/permits/{id}/…, from the act table (`acts.py`), its service, its form and its input schema.

The draft's edit (`update`) is the drafting form with its measures, not a signed act, and `lapse` is the scheduler's:
neither has a page of its own here.
"""

from django import forms as django_forms
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz.acts.registered import Part, RegisteredAct
from qauipsiz.core.models import Person
from qauipsiz.formats import local_datetime

from . import forms, readiness, selectors, services
from .acts import ACTS, Act
from .api import admission as admission_api
from .api import shifts as shifts_api
from .api import stopping as stopping_api
from .api.common import CosignedIn, References, SignedIn
from .api.schemas import PermitOut, permit_body
from .choices import AirUnit, GasGroup, TerminationReason
from .content import measures_subject
from .gatekeeper import current_performer_id, named_performers, person_of, visible_permits
from .models import Permit
from .services.common import PERMITS
from .services.joint import agreement_subject, proposal_subject
from .shifts import extension_shift


def find_permit(user, pk: int) -> Permit:
    """The permit if the user may see it; 404 otherwise, so that existence outside one's scope is not revealed."""
    return get_object_or_404(visible_permits(user, selectors.detail_queryset()), pk=pk)


def permit_url(permit) -> str:
    return reverse("permits:detail", args=[permit.pk])


def _replacement_url(request, result) -> str:
    return permit_url(result)  # the new draft drawn up in place of a terminated or lost permit (344 cl.25, cl.26)


def _refusals(code: str):
    """The act's guard as it would refuse now (`readiness.refusals`): the page shows it disabled with these reasons."""
    return lambda user, permit: readiness.refusals(code, user, permit)


def _message(text):
    return lambda request, result: str(text)


def _intro(text):
    return lambda request: str(text)


def _permit_act(code: str, url_name: str, path: str, service, *, api_name: str = "", **more) -> RegisteredAct:
    """One act of a permit: page `<int:pk>/<path>/` named `url_name`, endpoint `/permits/{record_id}/<path>` (the
    part's id under its own name there)."""
    part = more.get("part")
    more.setdefault("record_keyword", "permit")
    api_path = path.replace("<int:part_pk>", f"{{{part.api_param}}}") if part is not None else path
    return RegisteredAct(
        declaration=ACTS[code], domain=PERMITS, model="permits.permit", find=find_permit, service=service,
        record_url=permit_url, body=permit_body, body_schema=PermitOut,
        head_template="permits/_act_head.html", url_name=url_name, page_path=f"<int:pk>/{path}/",
        api_path=f"/permits/{{record_id}}/{api_path}",
        operation_id=f"permits_{api_name or code}", api_tags=("permits",),
        body_names={"performer_credentials": "cosignature", "member_credentials": "cosignature"}, **more)


# --- the hooks of the pages that depend on the request --------------------------------------------------------------

def _approval_subject(request):
    return request.record.approvals.filter(approver=person_of(request.user), approved_at__isnull=True).first()


def _approval_intro(request) -> str:
    approval = _approval_subject(request)
    return approval.get_kind_display() if approval else ""


def _crew_count(permit) -> int:
    return permit.crew.filter(removed_at__isnull=True).count()


def _start_intro(request) -> str:
    return _("The crew of %(count)s persons has been briefed and starts work (item 11).") % {
        "count": _crew_count(request.record)}


def _termination_reason(request) -> str:
    reason = request.value("reason")
    return reason if reason in TerminationReason.values else TerminationReason.EMERGENCY.value


def _close_kwargs(request) -> dict:
    person = person_of(request.user)
    return {"issuer_closes": person is not None
            and not request.record.admitting_persons.filter(pk=person.pk).exists()}


def _shift(request):
    return extension_shift(request.record, timezone.now())


def _extend_kwargs(request) -> dict:
    permit = request.record
    return {"permit": permit,
            "initial": {"shift_performer": current_performer_id(permit), "crew_count": _crew_count(permit) or None}}


def _shift_performer(request, signer):
    """The performer of the incoming shift chosen in the form (re-drawn when it changes), else the present one."""
    chosen = str(request.value("shift_performer") or "")
    people = named_performers(request.record).filter(is_active=True)  # 344 cl.29: only those the issuer named
    found = people.filter(pk=chosen).first() if chosen.isdigit() else None
    return found or selectors.current_performer(request.record)


def _extend_intro(request) -> str:
    shift = _shift(request)
    return _("Extension for the shift from %(start)s to %(end)s.") % {
        "start": local_datetime(shift.start), "end": local_datetime(min(shift.end, request.record.planned_end))}


def _extend_api_inputs(request, payload) -> dict:
    refs = References(request.record.organisation_id)
    if payload.shift_performer is None:
        shift_performer = Person.objects.get(pk=current_performer_id(request.record))
    else:
        shift_performer = refs.one("shift_performer", Person, payload.shift_performer)
    refs.check()
    return {"shift_performer": shift_performer, "crew_count": payload.crew_count,
            "measures_checked": payload.measures_checked, "conditions_unchanged": payload.conditions_unchanged,
            "conditions_changed": payload.conditions_changed}


def _people_api_inputs(*names):
    """The act's people given by id in the body, as records of the permit's organisation (422 on an unknown one)."""
    def api_inputs(request, payload) -> dict:
        refs = References(request.record.organisation_id)
        people = {name: refs.one(name, Person, getattr(payload, name)) for name in names}
        refs.check()
        return people
    return api_inputs


def _chosen_id(request, name: str) -> int | None:
    value = str(request.value(name) or "")
    return int(value) if value.isdigit() else None


def _naming_subject(request) -> dict:
    """What the issuer signs names the person (and the one replaced), as the service's subject does."""
    return {"person": _chosen_id(request, "person"), "replaces": _chosen_id(request, "replaces")}


def _joint_measures_api_inputs(request, payload) -> dict:
    refs = References(request.record.organisation_id)
    others = refs.many("others", Permit, payload.others)
    refs.check()
    return {"others": others, "measures": payload.measures}


def _proposal_subject(request) -> dict:
    """What the proposer signs, from the form as typed: the same as the service's (`services.joint`)."""
    data = request.data
    ids = [int(v) for v in data.getlist("others") if str(v).isdigit()] if hasattr(data, "getlist") else []
    return proposal_subject((request.value("measures") or "").strip(), [request.record.pk, *ids])


def _proposal_message(request, agreement) -> str:
    if agreement.entered_on:
        return _("The joint measures were agreed and entered in every permit concerned (344 cl.7).")
    return _("The joint measures were proposed and signed; they await the signatures of: %(people)s (344 cl.7).") % {
        "people": ", ".join(str(s.signatory) for s in agreement.signatures.all() if s.signed_at is None)}


def _signed_message(request, agreement) -> str:
    if agreement.entered_on:
        return _("All parties have signed: the joint measures were entered in every permit concerned (344 cl.7).")
    return _("Your signature was recorded; the joint measures await the signatures of: %(people)s (344 cl.7).") % {
        "people": ", ".join(str(s.signatory) for s in agreement.signatures.all() if s.signed_at is None)}


def _air_sample_api_inputs(request, payload) -> dict:
    refs = References(request.record.organisation_id)
    if payload.measured_by is None:
        measured_by = person_of(request.user)
        if measured_by is None:
            refs.errors["measured_by"] = [str(django_forms.Field.default_error_messages["required"])]
    else:
        measured_by = refs.one("measured_by", Person, payload.measured_by)
    refs.check()
    return {"place": payload.place, "taken_at": payload.taken_at, "substance": payload.substance,
            "value": payload.value, "limit": payload.limit, "unit": AirUnit(payload.unit).value,
            "gas_group": GasGroup(payload.gas_group).value, "measured_by": measured_by}


def _air_sample_message(request, sample) -> str:
    if sample.passed:
        return _("The air sample was recorded.")
    return _("The air sample was recorded: %(substance)s at %(place)s is outside its limit. Admission is blocked until "
             "a new passing sample is recorded (item 5.4).") % {"substance": sample.substance, "place": sample.place}


def _air_sample_level(request, sample) -> int:
    return messages.SUCCESS if sample.passed else messages.WARNING


def _crew_add_api_inputs(request, payload) -> dict:
    refs = References(request.record.organisation_id)
    person = refs.one("person", Person, payload.person)
    refs.check()
    return {"person": person}


MEASURE = Part(keyword="measure", api_param="measure_id",
               find=lambda permit, pk: get_object_or_404(permit.measures.all(), pk=pk))
AGREEMENT = Part(keyword="agreement", api_param="agreement_id",
                 find=lambda permit, pk: get_object_or_404(permit.overlap_agreements.all(), pk=pk))
MEMBER = Part(keyword="member", api_param="member_id",
              find=lambda permit, pk: get_object_or_404(permit.crew.select_related("person"), pk=pk))


def _chosen_measures(request) -> list:
    """The permit's measures chosen in the form so far (the page's checkboxes), as records."""
    data = request.data
    values = data.getlist("measures") if hasattr(data, "getlist") else []
    ids = {int(v) for v in values if str(v).isdigit()}
    return [m for m in request.record.measures.all() if m.pk in ids]


def _measures_subject(request) -> dict:
    return measures_subject(_chosen_measures(request))  # as the service names them (`services.measures_complete`)


def _measures_form_kwargs(request) -> dict:
    permit = request.record
    return {"permit": permit, "signable": services.signable_measures(permit, permit.measures.all())}


def _member_name(request):
    return {"person": request.part.person}


def _after_briefing(request, member) -> str:
    """Issue 11: the crew is briefed one after another on the admitting person's device, each member signing in turn:
    a briefing leads to the next member not yet briefed, the last one back to the permit."""
    following = (request.record.crew.filter(removed_at__isnull=True, briefed_at__isnull=True)
                 .order_by("added_at", "pk").first())
    if following is None:
        return permit_url(request.record)
    return reverse("permits:crew-brief", args=[request.record.pk, following.pk])


PERMIT_ACTS: list[RegisteredAct] = [
    # From the draft to work (items 6-11).
    _permit_act(Act.ISSUE, "issue", "issue", services.permit_issue, input_schema=SignedIn,
                refusals=_refusals(Act.ISSUE),
                intro=_intro(gettext_lazy("The permit takes the next number of the register (Annex 2). After issue "
                                          "nothing in it can be changed (344 cl.5).")),
                success_message=_message(gettext_lazy("The permit was issued."))),
    _permit_act(Act.CANCEL, "cancel", "cancel", services.permit_cancel, form=forms.CancelForm,
                input_schema=admission_api.CancelIn, success_message=_message(gettext_lazy("The permit was cancelled."))),
    _permit_act(Act.COMPLETE_MEASURE, "measure-complete", "measures/<int:part_pk>/complete",
                services.measure_complete, api_name="measure_complete", part=MEASURE, record_keyword="",
                input_schema=SignedIn, subject=lambda request: request.part,
                intro=lambda request: f"{request.part.code} {request.part.text}",
                success_message=lambda request, result: _("Measure %(code)s was signed as carried out.") % {
                    "code": request.part.code}),
    # Issue 11: the measures one person carried out, signed at once; what is signed names each one chosen.
    _permit_act(Act.COMPLETE_MEASURES, "measures-complete", "measures/complete", services.measures_complete,
                api_name="measures_complete", form=forms.MeasuresCompleteForm, form_kwargs=_measures_form_kwargs,
                input_schema=admission_api.MeasuresCompleteIn, subject=_measures_subject, redraw_on=("measures",),
                intro=_intro(gettext_lazy("One signature for the measures you carried out: each is recorded as carried "
                                          "out by you, at this time (item 7).")),
                success_message=lambda request, result: _("Measures %(codes)s were signed as carried out.") % {
                    "codes": ", ".join(m.code for m in result)}),
    # 344 cl.7: proposed and signed by one party, signed by each other party, or withdrawn by one of them.
    _permit_act(Act.ADD_JOINT_MEASURES, "joint-measures", "joint-measures", services.joint_measures_agree,
                api_name="joint_measures", form=forms.JointMeasuresForm,
                form_kwargs=lambda request: {"overlapping": services.joint_candidates(request.record)},
                input_schema=admission_api.JointMeasuresIn, api_inputs=_joint_measures_api_inputs,
                subject=_proposal_subject, redraw_on=("others", "measures"),
                intro=_intro(gettext_lazy("You sign the measures now; each other party signs them in turn. They enter "
                                          "every permit concerned once all have signed (344 cl.7).")),
                success_message=_proposal_message),
    _permit_act(Act.SIGN_JOINT_MEASURES, "joint-measures-sign", "joint-measures/<int:part_pk>/sign",
                services.joint_measures_sign, api_name="joint_measures_sign", part=AGREEMENT, input_schema=SignedIn,
                subject=lambda request: agreement_subject(request.part), intro=lambda request: request.part.measures,
                success_message=_signed_message),
    _permit_act(Act.WITHDRAW_JOINT_MEASURES, "joint-measures-withdraw", "joint-measures/<int:part_pk>/withdraw",
                services.joint_measures_withdraw, api_name="joint_measures_withdraw", part=AGREEMENT,
                form=forms.JointWithdrawForm, input_schema=admission_api.JointWithdrawIn,
                intro=lambda request: request.part.measures,
                success_message=_message(gettext_lazy("The joint measures proposal was withdrawn (344 cl.7)."))),
    _permit_act(Act.RECORD_AIR_SAMPLE, "air-sample", "air-samples", services.air_sample_record,
                api_name="air_sample", form=forms.AirSampleForm,
                form_kwargs=lambda request: {"permit": request.record, "user_person": person_of(request.user)},
                input_schema=admission_api.AirSampleIn, api_inputs=_air_sample_api_inputs,
                success_message=_air_sample_message, success_level=_air_sample_level),
    _permit_act(Act.APPROVE, "approve", "approve", services.permit_approve, input_schema=SignedIn,
                subject=_approval_subject, intro=_approval_intro,
                success_message=_message(gettext_lazy("The permit was approved."))),
    _permit_act(Act.ADMIT, "admit", "admit", services.permit_admit, form=forms.AdmitForm,
                refusals=_refusals(Act.ADMIT),
                input_schema=admission_api.AdmitIn,
                success_message=_message(gettext_lazy("The admission was given (item 9)."))),
    _permit_act(Act.ACCEPT_WORKPLACE, "accept", "accept-workplace", services.permit_accept_workplace,
                input_schema=SignedIn,
                intro=_intro(gettext_lazy("I have been familiarised with the working conditions and instructed, the "
                                          "preparation was checked, the workplace is accepted (item 10).")),
                success_message=_message(gettext_lazy("The workplace was accepted (item 10)."))),
    _permit_act(Act.ADD_MEMBER, "crew-add", "crew", services.crew_add, api_name="crew_add", form=forms.CrewAddForm,
                form_kwargs=lambda request: {"permit": request.record}, input_schema=admission_api.CrewAddIn,
                api_inputs=_crew_add_api_inputs,
                success_message=_message(gettext_lazy("The crew member was added."))),
    _permit_act(Act.REMOVE_MEMBER, "crew-remove", "crew/<int:part_pk>/remove", services.crew_remove,
                api_name="crew_remove", part=MEMBER, record_keyword="",
                intro=lambda request: _("%(person)s leaves the crew.") % _member_name(request),
                success_message=lambda request, result: _("%(person)s left the crew.") % _member_name(request)),
    _permit_act(Act.BRIEF_MEMBER, "crew-brief", "crew/<int:part_pk>/brief", services.crew_brief,
                api_name="crew_brief", part=MEMBER, record_keyword="", input_schema=CosignedIn,
                subject=lambda request: request.part, cosigner=lambda request, signer: request.part.person,
                intro=lambda request: _("The briefing of %(person)s on the conditions of the work (item 11): the crew "
                                        "member signs that he knows them.") % _member_name(request),
                success_message=lambda request, result: _("%(person)s was briefed (item 11).") % _member_name(request),
                next_url=_after_briefing),
    _permit_act(Act.START_WORK, "start", "start", services.permit_start_work, api_name="start", input_schema=SignedIn,
                refusals=_refusals(Act.START_WORK),
                subject=lambda request: {"crew": _crew_count(request.record)}, intro=_start_intro,
                success_message=_message(gettext_lazy("The work was started (item 11)."))),
    # Breaks and shifts (344 cl.23, cl.24, cl.28, item 12).
    _permit_act(Act.PAUSE, "pause", "pause", services.permit_pause, input_schema=CosignedIn,
                success_message=_message(gettext_lazy("The daily break was recorded (344 cl.23)."))),
    _permit_act(Act.HAND_OVER_SHIFT, "hand-over", "hand-over-shift", services.permit_hand_over_shift,
                input_schema=SignedIn,
                intro=_intro(gettext_lazy("The conditions have not changed, the shift has been passed (item 12).")),
                success_message=_message(gettext_lazy("The shift was handed over (344 cl.24)."))),
    _permit_act(Act.READMIT, "readmit", "readmit", services.permit_readmit, form=forms.ReadmitForm,
                refusals=_refusals(Act.READMIT),
                input_schema=shifts_api.ReadmitIn,
                success_message=_message(gettext_lazy("The crew was re-admitted (344 cl.23)."))),
    _permit_act(Act.EXTEND, "extend", "extend", services.permit_extend, form=forms.ExtendForm,
                refusals=_refusals(Act.EXTEND),
                form_kwargs=_extend_kwargs, redraw_on=("shift_performer",), cosigner=_shift_performer,
                subject=lambda request: {"shift_start": _shift(request).start.isoformat()}, intro=_extend_intro,
                input_schema=shifts_api.ExtendIn, api_inputs=_extend_api_inputs,
                success_message=_message(gettext_lazy("The permit was extended for the shift (item 12)."))),
    # The people the issuer names for the shifts after issue (344 cl.29, item 12).
    _permit_act(Act.NAME_ADMITTING, "name-admitting", "admitting-persons", services.permit_name_admitting,
                form=forms.NameAdmittingForm, form_kwargs=lambda request: {"permit": request.record},
                input_schema=shifts_api.NameAdmittingIn, api_inputs=_people_api_inputs("person", "replaces"),
                subject=_naming_subject, redraw_on=("person", "replaces"),
                intro=_intro(gettext_lazy("The issuer replaces a named admitting person, or adds an admitting person for "
                                          "a shift, with his signature; the one replaced stays on record (344 cl.29, "
                                          "item 12).")),
                success_message=_message(gettext_lazy("The admitting person was named (344 cl.29, item 12)."))),
    _permit_act(Act.NAME_SHIFT_PERFORMER, "name-shift-performer", "shift-performers",
                services.permit_name_shift_performer, form=forms.NameShiftPerformerForm,
                form_kwargs=lambda request: {"permit": request.record}, input_schema=shifts_api.NameShiftPerformerIn,
                api_inputs=_people_api_inputs("person"), subject=lambda request: {"person": _chosen_id(request, "person")},
                redraw_on=("person",),
                intro=_intro(gettext_lazy("Only the work performer of the permit and those the issuer names here accept "
                                          "a shift in an extension (344 cl.29, item 12).")),
                success_message=_message(gettext_lazy("The work performer was named for the shifts (344 cl.29)."))),
    # Stopping the work (344 cl.25-27, item 13, cl.11).
    _permit_act(Act.SUSPEND, "suspend", "suspend", services.permit_suspend, form=forms.SuspendForm,
                input_schema=stopping_api.SuspendIn,
                intro=_intro(gettext_lazy("The crew leaves the place of work and the performer returns the permit "
                                          "(344 cl.27).")),
                success_message=_message(gettext_lazy("The work was suspended (344 cl.27)."))),
    _permit_act(Act.RESUME, "resume", "resume", services.permit_resume, form=forms.ResumeForm,
                refusals=_refusals(Act.RESUME),
                form_kwargs=lambda request: {"permit": request.record}, input_schema=stopping_api.ResumeIn,
                intro=_intro(gettext_lazy("Check every initial measure again; the permit then goes back to the "
                                          "performer (344 cl.27).")),
                success_message=_message(gettext_lazy("The work was resumed (344 cl.27)."))),
    # What is signed names the reason: the signing part is re-drawn when it changes (an ЭЦП signs that text).
    _permit_act(Act.TERMINATE, "terminate", "terminate", services.permit_terminate, form=forms.TerminateForm,
                form_kwargs=lambda request: {"initial": {"reason": _termination_reason(request)}},
                redraw_on=("reason",), subject=lambda request: {"reason": _termination_reason(request)},
                input_schema=stopping_api.TerminateIn, next_url=_replacement_url,
                api_description="Answers the terminated permit; `replaced_by` is the new draft drawn up in its place "
                                "(344 cl.25).",
                success_message=_message(gettext_lazy("The permit was terminated and withdrawn; a new draft was drawn "
                                                      "up to be issued and admitted anew (344 cl.25)."))),
    _permit_act(Act.REPORT_LOST, "report-lost", "report-lost", services.permit_report_lost,
                form=forms.ReportLostForm, input_schema=stopping_api.ReportLostIn, next_url=_replacement_url,
                api_description="Answers the void permit; `replaced_by` is the new draft drawn up in its place "
                                "(344 cl.26).",
                success_message=_message(gettext_lazy("The permit was reported lost and is void; a new draft was "
                                                      "drawn up (344 cl.26)."))),
    _permit_act(Act.HAND_BACK, "hand-back", "hand-back", services.permit_hand_back, form=forms.HandBackForm,
                input_schema=stopping_api.HandBackIn,
                success_message=_message(gettext_lazy("The permit was handed back (item 13)."))),
    _permit_act(Act.CLOSE, "close", "close", services.permit_close, form=forms.CloseForm, form_kwargs=_close_kwargs,
                input_schema=stopping_api.CloseIn,
                success_message=_message(gettext_lazy("The permit was closed; its equipment may be put back into "
                                                      "operation (344 cl.30)."))),
    # 344 cl.30: the management starts the closed permit's equipment again, unless another open permit holds it.
    _permit_act(Act.RETURN_EQUIPMENT, "return-equipment", "return-equipment", services.permit_return_equipment,
                input_schema=SignedIn, subject=lambda request: services.returned_devices(request.record),
                offered=lambda user, permit: services.may_return_equipment(permit),
                intro=_intro(gettext_lazy("The work under this permit is finished and the closed permit is back: the "
                                          "equipment it names is put into operation again (344 cl.30).")),
                success_message=_message(gettext_lazy("The equipment was returned to operation (344 cl.30)."))),
]

# The acts of the table without a page: the draft's edit form and the scheduler's lapse.
UNREGISTERED = frozenset({Act.UPDATE, Act.LAPSE})
