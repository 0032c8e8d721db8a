"""What the permit pages share: finding the permit, the refusal page, the permit's address.

Each page reads through the gatekeeper; each change is one service call. Refusals: `PermissionDenied` answers the
403 page, `ActionRefused` the refusal page with its reason (409), and a `ValidationError` re-renders the form with
the errors (422). Changes are POST only, under CSRF protection. The pages of the acts of a permit's life come from
their registration (`registered.py`, `qauipsiz.acts.web`).
"""


from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for
from qauipsiz.acts.refusals import ActionRefused, CosignerRefused
from qauipsiz.core.forms import add_service_errors
from qauipsiz.ledger.forms import SignatureForm
from qauipsiz.ledger.signatures import SignatureRefused

from .. import selectors
from ..downloads import LANGUAGES, UnknownLanguage, check_language  # noqa: F401 - the views import LANGUAGES from here
from ..gatekeeper import person_of, visible_permits
from ..models import Permit


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def language_of(request) -> str:
    """The language of a printed form: `?language=`, else the page's; an unknown one raises `UnknownLanguage`."""
    return check_language(request.GET.get("language"))


def unknown_language(request, error: UnknownLanguage) -> HttpResponse:
    """The refusal page of a form asked for in a language it is not printed in (400), instead of another language."""
    return render(request, "permits/refused.html", {"message": " ".join(error.messages), "back": reverse("home"),
                                                    "title": _("The action was refused")}, status=400)


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


def detail_url(permit) -> str:
    return reverse("permits:detail", args=[permit.pk])


def form_data(request):
    """The submitted data on POST; None on GET, so that the form is unbound."""
    return request.POST if request.method == "POST" else None


def may_draw_up(user) -> bool:
    person = person_of(user)
    return (person is not None and person.is_active
            and organisations_for(user, Action.ADD, Permit).filter(pk=person.organisation_id).exists())
