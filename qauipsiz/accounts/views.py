from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import services
from .forms import LoginForm, TokenForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = self.request.user.language
        if language and language != translation.get_language():
            # Open the system in the language the user chose last time, wherever they logged in from.
            response = HttpResponseRedirect(translate_url(response.url, language))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_not_required
@require_POST
def set_language(request):
    """Django's language switch (which keeps the page, translated), remembered on the account too."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        services.remember_language(user=request.user, language=language)
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
