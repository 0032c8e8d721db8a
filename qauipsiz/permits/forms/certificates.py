"""Admission certificates (Annex 3, 344 cl.17-18) and their measures."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qauipsiz.core.forms import DateInput
from qauipsiz.core.models import Person

from ..models import AdmissionCertificate
from . import pickers
from .common import OrganisationBoundForm, PersonChoiceField, SignatureForm


class CertificateForm(OrganisationBoundForm):
    """Annex 3 (344 cl.17-18)."""

    class Meta:
        model = AdmissionCertificate
        fields = ["organisation", "drawn_up_on", "division", "shop_head", "contractor", "contractor_rep",
                  "site_bounds", "work_name", "starts_on", "ends_on", "crossed_by_communications", "machines_working"]
        widgets = {"site_bounds": forms.Textarea(attrs={"rows": 2}), "work_name": forms.Textarea(attrs={"rows": 2}),
                   "drawn_up_on": DateInput(), "starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drawn_up_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end of the period must not come before its beginning."))
        return cleaned


class CertificateMeasureForm(forms.Form):
    text = forms.CharField(label=pgettext_lazy("safety measure", "Measure"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    executor = forms.CharField(label=_("Executor"), required=False, max_length=300)
    executor_person = PersonChoiceField(label=_("Executor who signs it done"), queryset=Person.objects.none(),
                                        required=False)
    before_start = forms.BooleanField(label=_("Before the start of work"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["executor_person"].queryset = people
        pickers.mark(self.fields["executor_person"])

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("text") or "").strip():
            if not cleaned.get("deadline"):
                self.add_error("deadline", _("Give the deadline of the measure."))
            if not (cleaned.get("executor") or "").strip():
                self.add_error("executor", _("Name the executor of the measure."))
        return cleaned


CertificateMeasureFormSet = forms.formset_factory(CertificateMeasureForm, extra=3, max_num=50, validate_max=True)


def certificate_measures(formset) -> list[tuple[str, datetime.date, str, Person | None, bool]]:
    return [(f.cleaned_data["text"].strip(), f.cleaned_data["deadline"], f.cleaned_data["executor"].strip(),
             f.cleaned_data.get("executor_person"), bool(f.cleaned_data.get("before_start")))
            for f in formset.forms if (f.cleaned_data.get("text") or "").strip()]


class CertificateCancelForm(SignatureForm):
    """Annex 3: the certificate is cancelled with its reason, signed."""

    reason = forms.CharField(label=_("Reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
