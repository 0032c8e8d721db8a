"""What the permit pages share: finding the permit, the refusal page, and `run_action`, the plumbing of every action
page.

Each page reads through the gatekeeper; each change is one service call. Refusals: `PermissionDenied` answers the
403 page, `ActionRefused` the refusal page with its reason (409), and a `ValidationError` re-renders the form with
the errors (422). Changes are POST only, under CSRF protection.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for
from qauipsiz.acts.refusals import ActionRefused, CosignerRefused
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Person
from qauipsiz.ledger.forms import SignatureForm
from qauipsiz.ledger.signatures import SignatureRefused

from .. import forms, selectors
from ..acts import Act
from ..content import signing_text
from ..gatekeeper import check_action, person_of, visible_permits
from ..models import Permit

LANGUAGES = ("kk", "ru", "en")


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def language_of(request) -> str:
    language = request.GET.get("language") or (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def get_permit(request, pk: int, queryset=None) -> Permit:
    """The permit if the user may see it; 404 otherwise, so that existence outside one's scope is not revealed."""
    queryset = queryset if queryset is not None else selectors.detail_queryset()
    return get_object_or_404(visible_permits(request.user, queryset), pk=pk)


def refused(request, error: ActionRefused, *, back: str, title=None) -> HttpResponse:
    """The refusal page: the state of the record does not allow the action now (409)."""
    return render(request, "permits/refused.html", {"message": error.message, "back": back,
                                                    "title": title or _("The action was refused")}, status=409)


def show_error(form, error: ValidationError) -> None:
    if isinstance(error, SignatureRefused | CosignerRefused) and isinstance(form, SignatureForm):
        form.add_refusal(error)
    else:
        add_service_errors(form, error)


def _success(request, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def detail_url(permit) -> str:
    return reverse("permits:detail", args=[permit.pk])


# --- actions: the plumbing shared by every action page -----------------------------------------------------------------

@dataclass
class Cosigner:
    person: Person
    role: str


def _cosigner_block(cosigner: Cosigner | None, data):
    if cosigner is None:
        return None
    return SignatureForm(data, prefix="cosigner")


def run_action(request, permit: Permit, act: str, *, form, perform, subject=None, cosigner: Cosigner | None = None,
               success_message: str, intro: str = "", next_url=None, template="permits/action.html",
               check=True, extra=None) -> HttpResponse:
    """Show the action's form; on POST, call its one service (`perform`) and answer its refusals.

    `perform(cosign_form)` calls the service and returns what it returns; `next_url(result)` says where to go after.
    """
    back = detail_url(permit)
    if check:
        try:
            check_action(request.user, act, permit)
        except ActionRefused as error:
            return refused(request, error, back=back)
    cosign_form = _cosigner_block(cosigner, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        valid = form.is_valid()
        valid = (cosign_form is None or cosign_form.is_valid()) and valid
        if valid:
            try:
                result = perform(cosign_form)
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                target = cosign_form if cosign_form is not None and isinstance(error, CosignerRefused) else form
                show_error(target, error)
                status = 422
            else:
                messages.success(request, success_message)
                return _success(request, next_url(result) if next_url else back)
        else:
            status = 400
    signs = any(name.startswith("sign_") for name in form.fields)
    context = {
        "permit": permit, "act": act, "act_label": Act(act).label, "form": form, "cosign_form": cosign_form,
        "cosigner": cosigner, "intro": intro, "signs": signs, "action_url": request.path,
        "input_fields": [form[name] for name in form.fields if not name.startswith("sign_")],
        "signer_name": getattr(person_of(request.user), "full_name", "") or request.user.get_username(),
        # Exactly what the service will sign: NCALayer signs this text, and an ЭЦП over anything else is refused.
        "sign_content": signing_text(permit, act, subject=subject) if signs or cosign_form is not None else "",
        **(extra or {}),
    }
    if request.htmx and not request.htmx.boosted and request.method == "GET":
        return render(request, "permits/_action_form.html", context, status=status)
    return render(request, template, context, status=status)


def reload_on_change(form, field: str, url: str, block: str) -> None:
    """Re-draw a block of the action form when `field` changes (htmx GET with that field's value only)."""
    form.fields[field].widget.attrs.update({"hx-get": url, "hx-trigger": "change", "hx-target": block,
                                            "hx-select": block, "hx-swap": "outerHTML"})


def form_data(request):
    """The submitted data on POST; None on GET, so that the form is unbound."""
    return request.POST if request.method == "POST" else None


def performer_cosigner(permit: Permit) -> Cosigner:
    return Cosigner(person=selectors.current_performer(permit), role=_("Work performer"))


def may_draw_up(user) -> bool:
    person = person_of(user)
    return (person is not None and person.is_active
            and organisations_for(user, Action.ADD, Permit).filter(pk=person.organisation_id).exists())


def sign_only(request, pk, act, service, message, *, subject=None, intro=""):
    """The page of an act that only needs the signer's confirmation: `service(permit=, by=, credentials=)`."""
    permit = get_permit(request, pk)
    form = forms.SignOnlyForm(form_data(request))
    return run_action(request, permit, act, form=form, subject=subject, success_message=message, intro=intro,
                      perform=lambda _cosign: service(permit=permit, by=request.user, credentials=form.credentials()))
