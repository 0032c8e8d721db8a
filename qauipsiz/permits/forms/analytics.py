"""The filters of "Permit analytics" (issue 11): the period, the division and the work type, as GET parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.models import Division

from ..analytics import DEFAULT_MONTHS, PERIODS, Filters
from ..models import WorkType


class AnalyticsFilterForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Period"), coerce=int, required=False, empty_value=DEFAULT_MONTHS, initial=DEFAULT_MONTHS)
    division = forms.ModelChoiceField(label=_("Site / workshop"), queryset=Division.objects.none(), required=False)
    work_type = forms.ModelChoiceField(label=_("Work type"), queryset=WorkType.objects.none(), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        # Named in the reader's language at each request: a choice written at import would keep the default one.
        self.fields["months"].choices = [(n, ngettext("Last %(count)d month", "Last %(count)d months", n)
                                          % {"count": n}) for n in PERIODS]
        # Choices limited to what the user sees, as the list's filters are.
        self.fields["division"].queryset = visible_to(user, Division).filter(is_active=True).order_by("path")
        self.fields["work_type"].queryset = visible_to(user, WorkType).filter(is_active=True)

    def filters(self) -> Filters:
        """The filters chosen; one that is not valid (a division not his, a period not offered) is left out, the
        others stay."""
        self.is_valid()
        data = self.cleaned_data
        return Filters(months=data.get("months") or DEFAULT_MONTHS, division=data.get("division"),
                       work_type=data.get("work_type"))
