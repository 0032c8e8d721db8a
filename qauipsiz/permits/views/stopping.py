"""Stopping the work: suspend and resume (344 cl.27), terminate (cl.25), report lost (cl.26), hand back on
completion (item 13), close (cl.11).
"""

from django.utils.translation import gettext as _

from .. import forms, services
from ..acts import Act
from ..choices import TerminationReason
from ..gatekeeper import person_of
from .common import detail_url, form_data, get_permit, performer_cosigner, reload_on_change, run_action


def permit_suspend(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.SuspendForm(form_data(request))
    return run_action(request, permit, Act.SUSPEND, form=form, cosigner=performer_cosigner(permit),
                      success_message=_("The work was suspended (344 cl.27)."),
                      intro=_("The crew leaves the place of work and the performer returns the permit (344 cl.27)."),
                      perform=lambda cosign: services.permit_suspend(
                          permit=permit, by=request.user, reason=form.cleaned_data["reason"],
                          credentials=form.credentials(), performer_credentials=cosign.credentials()))


def permit_resume(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.ResumeForm(form_data(request), permit=permit)
    return run_action(request, permit, Act.RESUME, form=form, cosigner=performer_cosigner(permit),
                      success_message=_("The work was resumed (344 cl.27)."),
                      intro=_("Check every initial measure again; the permit then goes back to the performer "
                              "(344 cl.27)."),
                      perform=lambda cosign: services.permit_resume(
                          permit=permit, by=request.user, measures_rechecked=form.measure_ids(),
                          credentials=form.credentials(), performer_credentials=cosign.credentials()))


def permit_terminate(request, pk: int):
    permit = get_permit(request, pk)
    data = form_data(request)
    form = forms.TerminateForm(data)
    reason = (data or request.GET).get("reason") or TerminationReason.EMERGENCY.value
    if reason not in TerminationReason.values:
        reason = TerminationReason.EMERGENCY.value
    if request.method == "GET":
        form.initial["reason"] = reason
    # What is signed names the reason: the signing fields are re-drawn when it changes (an ЭЦП signs that text).
    reload_on_change(form, "reason", request.path, "#sign-block")
    return run_action(request, permit, Act.TERMINATE, form=form, subject={"reason": reason},
                      success_message=_("The permit was terminated and withdrawn; a new draft was drawn up to be "
                                        "issued and admitted anew (344 cl.25)."),
                      next_url=detail_url,
                      perform=lambda _cosign: services.permit_terminate(
                          permit=permit, by=request.user, reason=form.cleaned_data["reason"],
                          note=form.cleaned_data["note"], credentials=form.credentials()))


def permit_report_lost(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.ReportLostForm(form_data(request))
    return run_action(request, permit, Act.REPORT_LOST, form=form,
                      success_message=_("The permit was reported lost and is void; a new draft was drawn up "
                                        "(344 cl.26)."),
                      next_url=detail_url,
                      perform=lambda _cosign: services.permit_report_lost(
                          permit=permit, by=request.user, note=form.cleaned_data["note"],
                          credentials=form.credentials()))


def permit_hand_back(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.HandBackForm(form_data(request))
    return run_action(request, permit, Act.HAND_BACK, form=form,
                      success_message=_("The permit was handed back (item 13)."),
                      perform=lambda _cosign: services.permit_hand_back(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          workplace_cleared=form.cleaned_data["workplace_cleared"],
                          people_withdrawn=form.cleaned_data["people_withdrawn"],
                          completed_at=form.cleaned_data["completed_at"]))


def permit_close(request, pk: int):
    permit = get_permit(request, pk)
    person = person_of(request.user)
    issuer_closes = person is not None and not permit.admitting_persons.filter(pk=person.pk).exists()
    form = forms.CloseForm(form_data(request), issuer_closes=issuer_closes)
    return run_action(request, permit, Act.CLOSE, form=form,
                      success_message=_("The permit was closed; its equipment may be put back into operation "
                                        "(344 cl.30)."),
                      perform=lambda _cosign: services.permit_close(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          admitting_absent=form.confirms_absence()))
