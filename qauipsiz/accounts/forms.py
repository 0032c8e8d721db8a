from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import AccessKind, Role
from .models import User


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Username or e-mail"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))


class TokenForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("token", "Name"), max_length=100,
                           help_text=_("What the token is for, e.g. \"maintenance system\"."))
    valid_days = forms.IntegerField(label=_("Valid for, days"), min_value=1, max_value=3650, required=False,
                                    help_text=_("Empty: until revoked."))


class UserCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    person = forms.ModelChoiceField(label=_("Person in the register"), queryset=None, required=False,
                                    help_text=_("The worker this account belongs to (IIN, division, trainings)."))
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *settings.LANGUAGES], required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif cleaned.get("password1"):
            try:
                password_validation.validate_password(cleaned["password1"], User(username=cleaned.get("username", "")))
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RoleGrantForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    division = forms.ModelChoiceField(label=_("Division"), queryset=None, required=False,
                                      help_text=_("For a division head and the permit roles: the division (and "
                                                  "everything under it) the role covers."))
    contractor = forms.ModelChoiceField(label=_("Contractor"), queryset=None, required=False,
                                        help_text=_("For a contractor representative."))

    def __init__(self, *args, organisations, divisions, contractors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["division"].queryset = divisions
        self.fields["contractor"].queryset = contractors


class AccessLogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=[("", "—"), *AccessKind.choices], required=False)
    q = forms.CharField(label=_("User"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def apply(self, events):
        data = self.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["q"]:
            events = events.filter(username__icontains=data["q"].strip())
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        return events


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from the authenticator app"), max_length=8, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "pattern": "[0-9 ]*"}))


class TotpDisableForm(CodeForm):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete":
                                                                                    "current-password"}))


class SigningPinForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete":
                                                                                         "current-password"}))
    pin = forms.CharField(label=_("New signing PIN"), min_length=4, max_length=8, help_text=_("4 to 8 digits."),
                          widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric",
                                                            "pattern": "[0-9]*"}))
    pin2 = forms.CharField(label=_("The PIN again"), max_length=8,
                           widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric",
                                                             "pattern": "[0-9]*"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin") != cleaned.get("pin2"):
            self.add_error("pin2", _("The two PINs differ."))
        return cleaned
