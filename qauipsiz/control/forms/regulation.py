"""The forms of the Regulation on production control: a section's wording in three languages, and a criterion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import CriterionMeasure
from ..models import EffectivenessCriterion
from ..services.regulation import NARRATIVE_MAX


class NarrativeForm(forms.Form):
    """The organisation's wording of one section; a language left empty prints the default wording."""

    text_kk = forms.CharField(label=_("Kazakh"), required=False, max_length=NARRATIVE_MAX,
                              widget=forms.Textarea(attrs={"rows": 6}))
    text_ru = forms.CharField(label=_("Russian"), required=False, max_length=NARRATIVE_MAX,
                              widget=forms.Textarea(attrs={"rows": 6}))
    text_en = forms.CharField(label=_("English"), required=False, max_length=NARRATIVE_MAX,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def texts(self) -> dict:
        return {code: self.cleaned_data[f"text_{code}"] for code in ("kk", "ru", "en")}


class CriterionForm(forms.ModelForm):
    """An effectiveness criterion (315 cl.6.5): what it measures and the target it must reach."""

    class Meta:
        model = EffectivenessCriterion
        fields = ["organisation", "name_kk", "name_ru", "name_en", "measure", "description", "manual_value",
                  "target", "unit", "direction", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]  # a criterion stays with its organisation
        else:
            self.fields["organisation"].queryset = organisations
            if organisations is not None and len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0].pk
        self.fields["measure"].help_text = _("The annual analysis computes it; for %(other)s say how in the "
                                             "description.") % {"other": CriterionMeasure.OTHER.label}
