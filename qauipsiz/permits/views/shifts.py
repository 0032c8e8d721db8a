"""Breaks and shifts: the daily break and re-admission (344 cl.23, cl.28), the shift hand-over (cl.24) and the
extension for the next shift (item 12, cl.6, cl.29).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import forms, selectors, services
from ..acts import Act
from ..shifts import shift_to_extend_for
from .common import Cosigner, form_data, get_permit, performer_cosigner, reload_on_change, run_action, sign_only


def permit_pause(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.SignOnlyForm(form_data(request))
    return run_action(request, permit, Act.PAUSE, form=form, cosigner=performer_cosigner(permit),
                      success_message=_("The daily break was recorded (344 cl.23)."),
                      perform=lambda cosign: services.permit_pause(permit=permit, by=request.user,
                                                                   credentials=form.credentials(),
                                                                   performer_credentials=cosign.credentials()))


def permit_hand_over_shift(request, pk: int):
    return sign_only(request, pk, Act.HAND_OVER_SHIFT, services.permit_hand_over_shift,
                     _("The shift was handed over (344 cl.24)."),
                     intro=_("The conditions have not changed, the shift has been passed (item 12)."))


def permit_readmit(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.ReadmitForm(form_data(request))
    return run_action(request, permit, Act.READMIT, form=form, cosigner=performer_cosigner(permit),
                      success_message=_("The crew was re-admitted (344 cl.23)."),
                      perform=lambda cosign: services.permit_readmit(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          performer_credentials=cosign.credentials(),
                          conditions_unchanged=form.cleaned_data["conditions_unchanged"]))


def permit_extend(request, pk: int):
    permit = get_permit(request, pk)
    data = form_data(request)
    performer = selectors.current_performer(permit)
    initial = {"shift_performer": performer.pk,
               "crew_count": permit.crew.filter(removed_at__isnull=True).count() or None}
    form = forms.ExtendForm(data, organisation=permit.organisation_id, initial=initial)
    # The co-signer is the performer of the incoming shift chosen in the form (re-drawn by htmx when it changes).
    chosen = (data or request.GET).get("shift_performer") or performer.pk
    shift_performer = form.fields["shift_performer"].queryset.filter(pk=chosen).first() if str(chosen).isdigit() \
        else None
    if request.method == "GET" and shift_performer is not None:
        form.initial["shift_performer"] = shift_performer.pk
    reload_on_change(form, "shift_performer", request.path, "#cosign-block")
    shift = shift_to_extend_for(permit.organisation_id, timezone.now())
    cosigner = Cosigner(person=shift_performer or performer, role=_("Work performer of the incoming shift"))
    return run_action(request, permit, Act.EXTEND, form=form, cosigner=cosigner,
                      subject={"shift_start": shift.start.isoformat()},
                      success_message=_("The permit was extended for the shift (item 12)."),
                      intro=_("Extension for the shift from %(start)s to %(end)s.") % {
                          "start": timezone.localtime(shift.start).strftime("%d.%m.%Y %H:%M"),
                          "end": timezone.localtime(min(shift.end, permit.planned_end)).strftime("%d.%m.%Y %H:%M")},
                      perform=lambda cosign: services.permit_extend(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          shift_performer=form.cleaned_data["shift_performer"],
                          performer_credentials=cosign.credentials(), crew_count=form.cleaned_data["crew_count"],
                          measures_checked=form.cleaned_data["measures_checked"],
                          conditions_unchanged=form.cleaned_data["conditions_unchanged"]))
