import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from qauipsiz import transactions
from qauipsiz.accounts import services, totp
from qauipsiz.accounts.access import access_record, readable_events, readable_organisations
from qauipsiz.accounts.choices import AccessKind, Role
from qauipsiz.accounts.forms import (
    AccessLogFilterForm,
    CodeForm,
    LoginForm,
    RoleGrantForm,
    SigningPinForm,
    TokenForm,
    TotpDisableForm,
    UserCreateForm,
)
from qauipsiz.accounts.models import AccessEvent, ApiToken, RoleGrant, User
from qauipsiz.core.exports import table_workbook, xlsx_download
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Contractor, Division, Person


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if user.totp_enabled_at:
            # Half logged in: the password was right, the code is still to come.
            self.request.session[totp.PENDING_KEY] = {"user": user.pk, "backend": user.backend,
                                                      "next": self.get_success_url(), "since": time.time(),
                                                      "attempts": 0}
            return redirect("accounts:login-code")
        response = super().form_valid(form)
        return in_users_language(self.request, response, self.request.user)


# Set by the language switch while nobody is logged in: the language of the login page is then a choice, not a default.
SWITCHED_SESSION_KEY = "qauipsiz_language_switched"


def in_users_language(request, response, user):
    """Open the system in the language switched to on the login page, else in the one saved on the account; say so
    when that is not the language of the page the user logged in on, which would otherwise look like a fault."""
    page_language = translation.get_language()
    switched = bool(request.session.pop(SWITCHED_SESSION_KEY, False))
    language = services.language_after_login(user=user, page_language=page_language, switched=switched)
    response = HttpResponseRedirect(in_language(response.url, language))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE)
    if language != page_language:
        with translation.override(language):
            messages.info(request, _("Opened in the language saved on your account. The language buttons at the top "
                                     "of the page change it."))
    return response


def in_language(url: str, language: str) -> str:
    """The address in another language. Django's translate_url only reads an address in the active language, and the
    next page named on a login page (or the page of a language switch) may be in another one: read it in its own."""
    with translation.override(translation.get_language_from_path(url) or translation.get_language()):
        return translate_url(url, language)


@login_not_required
def login_code(request):
    """The second step of logging in for users with the second factor enabled."""
    pending = request.session.get(totp.PENDING_KEY)
    if not pending or time.time() - pending["since"] > totp.PENDING_SECONDS:
        request.session.pop(totp.PENDING_KEY, None)
        messages.error(request, _("Please log in again."))
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp.check_code(user=user, code=form.cleaned_data["code"]):
            del request.session[totp.PENDING_KEY]
            auth_login(request, user, backend=pending["backend"])
            return in_users_language(request, HttpResponseRedirect(pending["next"]), user)
        pending["attempts"] += 1
        access_record(request=request, kind=AccessKind.LOGIN_FAILED, user=user, username=user.username)
        if pending["attempts"] >= totp.MAX_ATTEMPTS:
            del request.session[totp.PENDING_KEY]
            messages.error(request, _("Too many wrong codes. Please log in again."))
            return redirect("accounts:login")
        request.session[totp.PENDING_KEY] = pending
        form.add_error("code", _("The code does not match. Check the time on your phone and try again."))
    return render(request, "accounts/login_code.html", {"form": form}, status=400 if form.errors else 200)


SETUP_SESSION_KEY = "qauipsiz_totp_setup_secret"


def totp_setup(request):
    """Turn the second factor on: scan the code, then prove it works by entering one code."""
    user = request.user
    if user.totp_enabled_at:
        return totp_manage(request)
    secret = request.session.get(SETUP_SESSION_KEY) or totp.new_secret()
    request.session[SETUP_SESSION_KEY] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp.totp_enable(user=user, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            del request.session[SETUP_SESSION_KEY]
            messages.success(request, _("The second factor is on: from now on you log in with a code as well."))
            return redirect("home")
    uri = totp.provisioning_uri(user, secret)
    return render(request, "accounts/totp_setup.html", {
        "form": form, "qr": totp.qr_svg(uri), "secret": secret, "required": totp.required_for(user)},
        status=400 if form.errors else 200)


def totp_manage(request):
    form = TotpDisableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp.totp_disable(user=request.user, password=form.cleaned_data["password"],
                              code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The second factor is off."))
            return redirect("home")
    return render(request, "accounts/totp_manage.html", {"form": form, "required": totp.required_for(request.user)},
                  status=400 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = transactions.atomic(self._changed)(form)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def _changed(self, form):
        # The digest of the password's hash is in the account's checked state: the change and its ledger entry
        # are stored together.
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user)
        return response


def signing_pin(request):
    """Set or change the PIN the user signs with instead of re-entering the password."""
    form = SigningPinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_signing_pin(user=request.user, password=form.cleaned_data["password"],
                                     pin=form.cleaned_data["pin"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your signing PIN has been set."))
            return redirect("home")
    return render(request, "accounts/signing_pin.html", {"form": form, "has_pin": bool(request.user.signing_pin)},
                  status=400 if form.errors else 200)


@login_not_required
@require_POST
def set_language(request):
    """Django's language switch (which keeps the page, translated), remembered on the account too."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        services.remember_language(user=request.user, language=language)
        if not request.user.is_authenticated:
            request.session[SWITCHED_SESSION_KEY] = True
    # This address has no language prefix: read the page switched from in its own language (see in_language).
    with translation.override(translation.get_language_from_path(request.POST.get("next", ""))
                              or translation.get_language()):
        return django_set_language(request)


def token_list(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.token_create(user=request.user, name=form.cleaned_data["name"],
                                                valid_days=form.cleaned_data["valid_days"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(user=request.user, token=token)
    messages.success(request, _("The token has been revoked."))
    return HttpResponseRedirect(reverse("accounts:tokens"))


# --- Users and roles (the head of the organisation and system administrators) ---------------------------------------

def _require_user_manager(request):
    if not services.managed_organisations(request.user).exists():
        raise PermissionDenied(_("Only the head of the organisation or a system administrator may manage its users."))


def user_list(request):
    _require_user_manager(request)
    users = services.managed_users(request.user).select_related("person").prefetch_related(
        Prefetch("grants", queryset=RoleGrant.objects.select_related("organisation", "division", "contractor")))
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(email__icontains=query) | Q(last_name__icontains=query)
                             | Q(first_name__icontains=query) | Q(person__iin__icontains=query))
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(grants__role=role)
    users = users.order_by("username")
    if request.GET.get("format") == "xlsx":
        access_record(request=request, kind=AccessKind.EXPORT, object_type="accounts.user")
        return users_xlsx(users)
    page = Paginator(users, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "roles": Role.choices, "query": query,
                                                       "role": role, "querystring": request.GET.urlencode()})


def users_xlsx(users):
    header = [_("Username"), _("Name"), _("E-mail"), _("Roles"), _("Active")]
    rows = ([user.username, user.get_full_name(), user.email,
             "; ".join(str(g.get_role_display()) for g in user.grants.all()), user.is_active] for user in users)
    return xlsx_download(table_workbook(_("Users"), header, rows), "users.xlsx")


def user_create(request):
    _require_user_manager(request)
    organisations = services.managed_organisations(request.user)
    people = Person.objects.filter(organisation__in=organisations, user__isnull=True, is_active=True)
    form = UserCreateForm(request.POST or None, organisations=organisations, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                by=request.user, organisation=data["organisation"], username=data["username"], email=data["email"],
                first_name=data["first_name"], last_name=data["last_name"], password=data["password1"],
                language=data["language"], person=data["person"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The user has been created. Now give them their roles."))
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200)


def user_detail(request, pk: int):
    _require_user_manager(request)
    account = get_object_or_404(services.managed_users(request.user), pk=pk)
    organisations = services.managed_organisations(request.user)
    form = RoleGrantForm(
        request.POST or None, organisations=organisations,
        divisions=Division.objects.filter(organisation__in=organisations, is_active=True),
        contractors=Contractor.objects.filter(organisation__in=organisations, is_active=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_grant(by=request.user, user=account, organisation=data["organisation"], role=data["role"],
                                division=data["division"], contractor=data["contractor"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:user", pk=account.pk)
    grants = account.grants.select_related("organisation", "division", "contractor").filter(
        organisation__in=organisations)
    return render(request, "accounts/user_detail.html", {"account": account, "grants": grants, "form": form},
                  status=400 if form.errors else 200)


@require_POST
def role_revoke(request, pk: int, grant_pk: int):
    _require_user_manager(request)
    account = get_object_or_404(services.managed_users(request.user), pk=pk)
    grant = get_object_or_404(RoleGrant, pk=grant_pk, user=account)
    try:
        services.role_revoke(by=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has been revoked."))
    return redirect("accounts:user", pk=account.pk)


@require_POST
def user_set_active(request, pk: int, active: bool):
    _require_user_manager(request)
    account = get_object_or_404(services.managed_users(request.user), pk=pk)
    try:
        services.user_set_active(by=request.user, user=account, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reactivated.") if active else _("Deactivated."))
    return redirect("accounts:user", pk=account.pk)


def access_log(request):
    """The access log of the organisations the viewer heads or controls (315 cl.25)."""
    if not request.user.is_superuser and not readable_organisations(request.user):
        raise PermissionDenied(_("Only the head of the organisation and production-control officials may read the "
                                 "access log."))
    form = AccessLogFilterForm(request.GET or None)
    events = readable_events(request.user)
    if form.is_valid():
        events = form.apply(events)
    if request.GET.get("format") == "xlsx":
        access_record(request=request, kind=AccessKind.EXPORT, object_type="accounts.accessevent")
        return access_log_xlsx(events)
    page = Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"form": form, "page": page,
                                                        "querystring": request.GET.urlencode()})


def access_log_xlsx(events):
    header = [AccessEvent._meta.get_field(name).verbose_name for name in ACCESS_COLUMNS]
    rows = ([_access_value(event, name) for name in ACCESS_COLUMNS] for event in events.iterator(chunk_size=1000))
    return xlsx_download(table_workbook(_("Access log"), header, rows), "access-log.xlsx")


def _access_value(event, name: str):
    display = getattr(event, f"get_{name}_display", None)
    return display() if display else getattr(event, name)


ACCESS_COLUMNS = ("at", "kind", "username", "organisation", "object_type", "object_repr", "path", "ip_address")
