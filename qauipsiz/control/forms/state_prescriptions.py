"""Forms of the prescriptions of the state authority (315 cl.26.3): the prescription with its items (a formset), an
item's execution with its evidence, the list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.forms import DateInput
from qauipsiz.core.models import HazardousFacility, LegalActClause, Person


class PrescriptionForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=HazardousFacility.objects.none())
    number = forms.CharField(label=_("Number"), max_length=50)
    issued_on = forms.DateField(label=_("Date"), widget=DateInput())
    issuing_body = forms.CharField(label=_("Issued by (state authority)"), max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = visible_to(user, HazardousFacility,
                                                      HazardousFacility.objects.filter(is_active=True))


class ItemForm(forms.Form):
    violation = forms.CharField(label=_("Violation found"), widget=forms.Textarea(attrs={"rows": 2}))
    clause = forms.ModelChoiceField(label=_("Clause violated"), queryset=LegalActClause.objects.none(),
                                    required=False)
    requirement_text = forms.CharField(label=_("Or the requirement as written (clause not in the library)"),
                                       widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    executor = forms.ModelChoiceField(label=_("Executor"), queryset=Person.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = visible_to(user, LegalActClause,
                                                    LegalActClause.objects.select_related("act"))
        self.fields["executor"].queryset = visible_to(user, Person, Person.objects.filter(is_active=True))


ItemFormSet = forms.formset_factory(ItemForm, extra=3, min_num=1, validate_min=True, max_num=50)


class ItemDoneForm(forms.Form):
    note = forms.CharField(label=_("How the requirement was met"), widget=forms.Textarea(attrs={"rows": 3}))
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)
    title = forms.CharField(label=_("Title of the evidence"), max_length=300, required=False)
    file = forms.FileField(label=_("Evidence (file)"), required=False)


STATE_CHOICES = (("", pgettext_lazy("filter", "All")), ("open", pgettext_lazy("prescription", "Open")),
                 ("overdue", _("Overdue")), ("done", pgettext_lazy("prescription", "Done")))


class PrescriptionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search")}))
    state = forms.ChoiceField(label=_("Status"), choices=STATE_CHOICES, required=False)
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=HazardousFacility.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = visible_to(user, HazardousFacility)
