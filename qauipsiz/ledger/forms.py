"""The signer's confirmation, for any form that signs: password, signing PIN, or ЭЦП through NCALayer.

Mixed into a form (`class AdmissionForm(SignatureForm, forms.ModelForm)`) or used beside it with a prefix; rendered
with `{% include "ledger/_sign_fields.html" with sign_form=form sign_content=content %}` inside the <form>. The view
then calls `sign(..., **form.credentials())` and, on a refusal, `form.add_refusal(error)`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .cms import MAX_CMS_BYTES
from .models import SignatureMethod

# The method chosen → the form field that carries its credential, by the name `sign()` takes it under.
CREDENTIAL_FIELDS = {SignatureMethod.PASSWORD: "sign_password", SignatureMethod.PIN: "sign_pin",
                     SignatureMethod.CMS: "sign_cms"}


class SignatureForm(forms.Form):
    # The fields are prefixed "sign_" so that they can be mixed into any form without clashing with its own.
    sign_method = forms.ChoiceField(
        label=_("Sign with"), initial=SignatureMethod.PASSWORD, widget=forms.RadioSelect,
        choices=[(SignatureMethod.PASSWORD, _("Password")), (SignatureMethod.PIN, _("Signing PIN")),
                 (SignatureMethod.CMS, _("ЭЦП (NCALayer)"))])
    sign_password = forms.CharField(label=_("Your password"), required=False, strip=False, max_length=4096,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    sign_pin = forms.CharField(label=_("Your signing PIN"), required=False, max_length=8, widget=forms.PasswordInput(
        attrs={"autocomplete": "off", "inputmode": "numeric", "pattern": "[0-9]*"}))
    # Filled in by ncalayer.js with NCALayer's answer: base64 of the CMS, a third larger than the CMS itself.
    sign_cms = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2 * MAX_CMS_BYTES)

    def __init__(self, *args, signer=None, **kwargs):
        """`signer`: the person who signs in these fields when it is not the user (a co-signer on the same device):
        the boxes name him (issue 11), not "your" password."""
        super().__init__(*args, **kwargs)
        if signer is not None:
            name = getattr(signer, "short_name", "") or str(signer)
            self.fields["sign_password"].label = _("Password of %(name)s") % {"name": name}
            self.fields["sign_pin"].label = _("Signing PIN of %(name)s") % {"name": name}

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("sign_method")
        if method == SignatureMethod.PASSWORD and not cleaned.get("sign_password"):
            self.add_error("sign_password", _("Enter your password to sign."))
        elif method == SignatureMethod.PIN and not cleaned.get("sign_pin"):
            self.add_error("sign_pin", _("Enter your signing PIN to sign."))
        elif method == SignatureMethod.CMS and not cleaned.get("sign_cms"):
            self.add_error("sign_method", _("No signature came from NCALayer: press \"Sign with ЭЦП (NCALayer)\"."))
        return cleaned

    def credentials(self) -> dict:
        """The keyword arguments for `signatures.sign()`: exactly one of password, pin, cms."""
        method = SignatureMethod(self.cleaned_data["sign_method"])
        return {method.value: self.cleaned_data[CREDENTIAL_FIELDS[method]]}

    def add_refusal(self, error: ValidationError) -> None:
        """Show a refused signature next to the credential at fault (above the form when none is)."""
        field = CREDENTIAL_FIELDS.get(getattr(error, "field", None) or "")
        if field == "sign_cms":
            field = "sign_method"  # the CMS field is hidden: its errors would show nowhere
        self.add_error(field if field in self.fields else None, error.messages)
