"""Django's own messages that our pages show, named here so that `makemessages` copies them into our catalogue.

Django's Kazakh catalogue lacks many of them (issue 11: the login, password-change and validator pages showed English),
and LOCALE_PATHS is searched before the catalogues of Django and its apps, so the kk and ru texts of our catalogue
win. Nothing imports this module: it only has to exist for `makemessages --no-obsolete` to keep the entries. Each msgid
must be byte for byte Django's (curly apostrophes included); tests/test_i18n.py checks that against Django's sources.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# The login form (django.contrib.auth.forms.AuthenticationForm) and the account's field names that the similarity
# validator names in its error.
LOGIN = (
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    gettext_noop("This account is inactive."),
    gettext_noop("username"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    gettext_noop("email address"),
)

# The password-change form (PasswordChangeForm, SetPasswordForm).
PASSWORD_CHANGE = (
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
)

# The password validators of settings.AUTH_PASSWORD_VALIDATORS: their help texts and their errors.
PASSWORD_VALIDATORS = (
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", "n"),
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters.", "min_length"),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
)

# Form fields and validators whose Kazakh text Django lacks; any form of the register or of a permit can show them.
FORMS = (
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it "
                 "may not exist."),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit in total.",
                  "Ensure that there are no more than %(max)s digits in total.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s decimal place.",
                  "Ensure that there are no more than %(max)s decimal places.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit before the decimal point.",
                  "Ensure that there are no more than %(max)s digits before the decimal point.", "max"),
    ngettext_lazy("Ensure this filename has at most %(max)d character (it has %(length)d).",
                  "Ensure this filename has at most %(max)d characters (it has %(length)d).", "max"),
)

# The page of a refused form post (django.views.csrf), which users meet after a session expired in an open tab.
CSRF = (
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("You are seeing this message because this site requires a CSRF cookie when submitting forms. This "
                 "cookie is required for security reasons, to ensure that your browser is not being hijacked by third "
                 "parties."),
    gettext_noop("If you have configured your browser to disable cookies, please re-enable them, at least for this "
                 "site, or for “same-origin” requests."),
    gettext_noop("More information is available with DEBUG=True."),
)
