"""The control room's wall board (issue 11): the board of open permits at the full width of a screen, for a signed-in
user (`wall`) or for a kiosk link that outlives every session (`kiosk`), and the page that manages the links.

Its 30-second refresh never pastes a login page into the board: with the session ended (or the link revoked) the
fragment answers 401 (410) with the "disconnected" notice, and `static/qauipsiz/board.js` shows it over the last board
and keeps retrying; once signed in again (in another tab), the next refresh brings the board back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import wall as wall_rows
from ..choices import OPEN_STATUSES
from ..gatekeeper import visible_permits
from ..models import KioskLink, Permit
from ..services import kiosk as kiosk_service

# The header of a board fragment: board.js swaps in only an answer that carries it, never a page reached by a redirect.
BOARD_HEADER = "X-Qauipsiz-Board"


def is_refresh(request) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def board_answer(request, template: str, context: dict):
    response = render(request, template, context)
    response[BOARD_HEADER] = "fresh"
    return response


def disconnected(request, *, reason: str, status: int):
    """The answer of a refresh that can no longer read the board: the notice board.js shows over the last board."""
    response = render(request, "permits/_board_disconnected.html", {"reason": reason, "now": timezone.now(),
                                                                     "login_url": reverse("accounts:login")}, status=status)
    response[BOARD_HEADER] = "disconnected"
    return response


def signed_in_or_disconnected(request):
    """None for a signed-in user; else the refresh's 401 (the page's own request goes to the login page as usual)."""
    if request.user.is_authenticated:
        return None
    if is_refresh(request):
        return disconnected(request, reason="session", status=401)
    return redirect_to_login(request.get_full_path())


def _context(permits, now, **extra) -> dict:
    return {**wall_rows.wall(permits, now), "now": now, **extra}


@login_not_required  # checked here, so that a refresh answers 401 instead of following the login redirect
@never_cache
@require_GET
def wall(request):
    """The wall board of the open permits the user sees."""
    refused = signed_in_or_disconnected(request)
    if refused is not None:
        return refused
    now = timezone.now()
    context = _context(visible_permits(request.user, Permit.objects.filter(status__in=OPEN_STATUSES)), now)
    return board_answer(request, "permits/_wall.html" if is_refresh(request) else "permits/wall.html", context)


@login_not_required  # the kiosk link is its own credential: no session, read-only, one organisation's board
@never_cache
@require_GET
def kiosk(request, key: str):
    link = kiosk_service.kiosk_link_for(key)
    if link is None:
        if is_refresh(request):
            return disconnected(request, reason="unknown", status=404)
        raise Http404
    if link.revoked_at is not None or not link.organisation.is_active:
        if is_refresh(request):
            return disconnected(request, reason="revoked", status=410)
        return render(request, "permits/kiosk_revoked.html", {"link": link}, status=410)
    now = timezone.now()
    context = _context(Permit.objects.filter(organisation=link.organisation_id), now, kiosk=link)
    response = board_answer(request, "permits/_wall.html" if is_refresh(request) else "permits/wall.html", context)
    # The key is in the address: no other site learns it from a link followed.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _organisation_id(request) -> int | None:
    raw = request.POST.get("organisation") or request.GET.get("organisation") or ""
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def kiosk_links(request):
    """The kiosk links of the organisation: create one (its address shown once), revoke one."""
    organisation = kiosk_service.kiosk_organisation(request.user, _organisation_id(request))
    created, error = None, None
    if request.method == "POST":
        if request.POST.get("revoke"):
            raw = request.POST["revoke"]
            link = get_object_or_404(KioskLink, pk=int(raw) if raw.isdigit() and len(raw) < 12 else 0,
                                     organisation=organisation)
            kiosk_service.kiosk_link_revoke(by=request.user, link=link)
            messages.success(request, _("The kiosk link is revoked: its screen shows so at its next refresh."))
            return redirect(f"{request.path}?organisation={organisation.pk}")
        try:
            link, key = kiosk_service.kiosk_link_create(by=request.user, organisation_id=organisation.pk,
                                                        name=request.POST.get("name", ""))
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            created = {"link": link, "url": request.build_absolute_uri(reverse("permits:kiosk", args=[key]))}
    links = KioskLink.objects.filter(organisation=organisation).select_related("created_by", "revoked_by")
    return render(request, "permits/kiosk_links.html", {
        "organisation": organisation, "organisations": kiosk_service.kiosk_organisations(request.user),
        "links": links, "created": created, "error": error}, status=422 if error else 200)
