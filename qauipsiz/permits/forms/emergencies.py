"""Emergency work (344 cl.12)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import EmergencyWork
from .common import DateTimeField, DateTimeInput, OrganisationBoundForm, datetime_field, local_now_minutes


class EmergencyForm(OrganisationBoundForm):
    """344 cl.12."""

    class Meta:
        model = EmergencyWork
        fields = ["organisation", "division", "facility", "description", "plan_reference", "started_at", "leader"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "started_at": DateTimeInput()}
        field_classes = {"started_at": DateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_at"].initial = local_now_minutes


class ThreatEliminatedForm(forms.Form):
    at = datetime_field(_("Direct threat eliminated at"), required=False, help_text=_("Leave empty for now."))
