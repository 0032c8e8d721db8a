"""Stopping the work: suspend and resume (344 cl.27), terminate (cl.25), report lost (cl.26), hand back (item 13),
close (cl.11).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import TerminationReason
from .common import datetime_field


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the suspension"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text}"


class ResumeForm(forms.Form):
    measures_rechecked = MeasureChoiceField(label=_("Initial measures checked again (344 cl.27)"),
                                            queryset=None, widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures_rechecked"].queryset = permit.measures.all()

    def act_inputs(self) -> dict:
        return {"measures_rechecked": [m.pk for m in self.cleaned_data.get("measures_rechecked") or []]}


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason (344 cl.25)"), choices=TerminationReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["data-reload-signing"] = ""


class ReportLostForm(forms.Form):
    note = forms.CharField(label=_("Circumstances of the loss"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False, max_length=2000)


class HandBackForm(forms.Form):
    """Item 13."""

    workplace_cleared = forms.BooleanField(label=_("The workplace has been cleared"))
    people_withdrawn = forms.BooleanField(label=_("The people have been withdrawn from the place of work"))
    completed_at = datetime_field(_("Work completed at"), required=False,
                                  help_text=_("Leave empty for now."))


class CloseForm(forms.Form):
    admitting_absent = forms.BooleanField(
        label=_("No admitting person is present: I, the issuer, close the permit with the performer's hand-back "
                "(344 cl.11)"), required=False)

    def __init__(self, *args, issuer_closes=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not issuer_closes:
            del self.fields["admitting_absent"]

    def act_inputs(self) -> dict:
        return {"admitting_absent": bool(self.cleaned_data.get("admitting_absent"))}
