"""From the draft to work: issue (item 6) or cancel, measures (item 7), approvals (items 8, 8.1), air samples
(item 5.4), joint measures (344 cl.7), admission (item 9), the workplace (item 10), the crew and the start
(item 11).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import forms, services
from ..acts import Act
from ..choices import Status
from ..gatekeeper import person_of
from .common import Cosigner, form_data, get_permit, run_action, sign_only


def permit_issue(request, pk: int):
    return sign_only(request, pk, Act.ISSUE, services.permit_issue, _("The permit was issued."),
                     intro=_("The permit takes the next number of the register (Annex 2). After issue nothing in it can "
                             "be changed (344 cl.5)."))


def permit_cancel(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.CancelForm(form_data(request), signs=permit.status != Status.DRAFT)
    return run_action(request, permit, Act.CANCEL, form=form, success_message=_("The permit was cancelled."),
                      perform=lambda _cosign: services.permit_cancel(
                          permit=permit, by=request.user, reason=form.cleaned_data["reason"],
                          credentials=form.credentials()))


def measure_complete(request, pk: int, measure_pk: int):
    permit = get_permit(request, pk)
    measure = get_object_or_404(permit.measures.all(), pk=measure_pk)
    form = forms.SignOnlyForm(form_data(request))
    return run_action(request, permit, Act.COMPLETE_MEASURE, form=form, subject=measure,
                      success_message=_("Measure %(code)s was signed as carried out.") % {"code": measure.code},
                      intro=f"{measure.code} {measure.text}", extra={"measure": measure},
                      perform=lambda _cosign: services.measure_complete(measure=measure, by=request.user,
                                                                        credentials=form.credentials()))


def permit_approve(request, pk: int):
    permit = get_permit(request, pk)
    approval = permit.approvals.filter(approver=person_of(request.user), approved_at__isnull=True).first()
    form = forms.SignOnlyForm(form_data(request))
    return run_action(request, permit, Act.APPROVE, form=form, subject=approval,
                      success_message=_("The permit was approved."),
                      intro=approval.get_kind_display() if approval else "",
                      perform=lambda _cosign: services.permit_approve(permit=permit, by=request.user,
                                                                      credentials=form.credentials()))


def permit_admit(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.AdmitForm(form_data(request))
    return run_action(request, permit, Act.ADMIT, form=form, success_message=_("The admission was given (item 9)."),
                      perform=lambda _cosign: services.permit_admit(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          measures_checked=form.cleaned_data["measures_checked"],
                          performer_briefed=form.cleaned_data["performer_briefed"],
                          copy_handed_over=form.cleaned_data["copy_handed_over"]))


def permit_accept_workplace(request, pk: int):
    return sign_only(request, pk, Act.ACCEPT_WORKPLACE, services.permit_accept_workplace,
                     _("The workplace was accepted (item 10)."),
                     intro=_("I have been familiarised with the working conditions and instructed, the preparation was "
                             "checked, the workplace is accepted (item 10)."))


def permit_start_work(request, pk: int):
    permit = get_permit(request, pk)
    count = permit.crew.filter(removed_at__isnull=True).count()
    form = forms.SignOnlyForm(form_data(request))
    return run_action(request, permit, Act.START_WORK, form=form, subject={"crew": count},
                      success_message=_("The work was started (item 11)."),
                      intro=_("The crew of %(count)s persons has been briefed and starts work (item 11).")
                      % {"count": count},
                      perform=lambda _cosign: services.permit_start_work(permit=permit, by=request.user,
                                                                         credentials=form.credentials()))


def air_sample_record(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.AirSampleForm(form_data(request), permit=permit, user_person=person_of(request.user))
    return run_action(request, permit, Act.RECORD_AIR_SAMPLE, form=form,
                      success_message=_("The air sample was recorded."),
                      perform=lambda _cosign: services.air_sample_record(permit=permit, by=request.user,
                                                                         **form.cleaned_data))


def joint_measures_agree(request, pk: int):
    permit = get_permit(request, pk)
    overlaps = services.overlapping_permits(permit)
    form = forms.JointMeasuresForm(form_data(request), overlapping=overlaps)
    return run_action(request, permit, Act.ADD_JOINT_MEASURES, form=form,
                      success_message=_("The additional joint measures were agreed (344 cl.7)."),
                      perform=lambda _cosign: services.joint_measures_agree(
                          permit=permit, others=list(form.cleaned_data["others"]), by=request.user,
                          measures=form.cleaned_data["measures"]))


def crew_add(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.CrewAddForm(form_data(request), permit=permit)
    return run_action(request, permit, Act.ADD_MEMBER, form=form, success_message=_("The crew member was added."),
                      perform=lambda _cosign: services.crew_add(permit=permit, by=request.user,
                                                                person=form.cleaned_data["person"]))


def crew_remove(request, pk: int, member_pk: int):
    permit = get_permit(request, pk)
    member = get_object_or_404(permit.crew.select_related("person"), pk=member_pk)
    form = forms.CrewRemoveForm(form_data(request))
    return run_action(request, permit, Act.REMOVE_MEMBER, form=form,
                      success_message=_("%(person)s left the crew.") % {"person": member.person},
                      intro=_("%(person)s leaves the crew.") % {"person": member.person},
                      perform=lambda _cosign: services.crew_remove(member=member, by=request.user))


def crew_brief(request, pk: int, member_pk: int):
    permit = get_permit(request, pk)
    member = get_object_or_404(permit.crew.select_related("person"), pk=member_pk)
    form = forms.SignOnlyForm(form_data(request))
    return run_action(request, permit, Act.BRIEF_MEMBER, form=form, subject=member,
                      cosigner=Cosigner(person=member.person, role=_("Crew member")),
                      success_message=_("%(person)s was briefed (item 11).") % {"person": member.person},
                      intro=_("The briefing of %(person)s on the conditions of the work (item 11): the crew member "
                              "signs that he knows them.") % {"person": member.person},
                      perform=lambda cosign: services.crew_brief(member=member, by=request.user,
                                                                 credentials=form.credentials(),
                                                                 member_credentials=cosign.credentials()))
