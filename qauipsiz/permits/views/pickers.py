"""The pickers of the draft form re-drawn as the form is filled in (issue 11): htmx posts the form whenever the
division, the issuer or the planned period changes; the answer swaps each picker's select in place (out of band),
with what was chosen kept, its competent people first for the new dates and its divisions for the new issuer."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from qauipsiz.acts.refusals import ActionRefused

from .. import forms
from ..acts import Act
from ..gatekeeper import check_action, person_of
from ..models import Permit
from .common import detail_url, get_permit, refused
from .drafting import _organisation_for_new


def _pickers_page(request, form):
    return render(request, "permits/_pickers.html", {"fields": form.picker_fields()})


@require_POST
def draft_pickers(request):
    organisation = _organisation_for_new(request)
    form = forms.PermitForm(request.POST, instance=Permit(organisation=organisation), organisation=organisation,
                            issuer=person_of(request.user))
    return _pickers_page(request, form)


@require_POST
def edit_pickers(request, pk: int):
    permit = get_permit(request, pk)
    try:
        check_action(request.user, Act.UPDATE, permit)
    except ActionRefused as error:  # issued meanwhile: nothing to re-draw
        return refused(request, error, back=detail_url(permit))
    return _pickers_page(request, forms.PermitForm(request.POST, instance=permit, organisation=permit.organisation))
