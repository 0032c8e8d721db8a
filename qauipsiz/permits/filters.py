"""Filters of the permit pages (django-filter): the list, the control-room board and the register."""

import re

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.models import Division, HazardousFacility

from .choices import CertificateStatus, EmergencyStatus, Status
from .models import AdmissionCertificate, EmergencyWork, Permit, WorkType

NUMBER = re.compile(r"^\s*(?:№\s*)?(\d+)\s*(?:/\s*(\d{4}))?\s*$")


class ScopedFilterSet(filters.FilterSet):
    """Related-record choices limited to what the user may see, and to active records."""

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for field in self.form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or user is None:
                continue
            queryset = visible_to(user, queryset.model, queryset)
            if hasattr(queryset.model, "is_active"):
                queryset = queryset.filter(is_active=True)
            field.queryset = queryset


class BoardFilterSet(ScopedFilterSet):
    """Where and what: the filters the control-room board has; the list adds status, year and number."""

    division = filters.ModelChoiceFilter(label=_("Site / workshop"), queryset=Division.objects.all(),
                                         method="filter_division")
    facility = filters.ModelChoiceFilter(label=_("Facility"), queryset=HazardousFacility.objects.all())
    work_type = filters.ModelChoiceFilter(label=_("Work type"), queryset=WorkType.objects.all())

    class Meta:
        model = Permit
        fields = ["division", "facility", "work_type"]

    def filter_division(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(division__path__startswith=value.path)
                               | Q(pk__in=Permit.other_divisions.through.objects.filter(
                                   division__path__startswith=value.path).values("permit_id")))


class PermitFilterSet(BoardFilterSet):
    q = filters.CharFilter(label=_("Number or place"), method="search",
                           widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 12/2026")}))
    # By the status people read (344 cl.6): past its validity a permit is lapsed at once, not when the job runs.
    status = filters.ChoiceFilter(label=_("Status"), choices=Status.choices, method="filter_status")
    year = filters.NumberFilter(label=_("Year"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}))

    class Meta:
        model = Permit
        fields = ["q", "status", "division", "facility", "work_type", "year"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(Permit.status_q(value, timezone.now())) if value else queryset

    def search(self, queryset, name, value):
        match = NUMBER.match(value or "")
        if match:
            number, year = match.groups()
            queryset = queryset.filter(number=int(number))
            return queryset.filter(year=int(year)) if year else queryset
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(place__icontains=value) | Q(scope_of_work__icontains=value)
                               | Q(equipment__icontains=value))


class CertificateFilterSet(ScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices)
    division = filters.ModelChoiceFilter(label=_("Shop (site)"), queryset=Division.objects.all())
    year = filters.NumberFilter(label=_("Year"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}))

    class Meta:
        model = AdmissionCertificate
        fields = ["status", "division", "year"]


class EmergencyFilterSet(ScopedFilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=EmergencyStatus.choices)
    division = filters.ModelChoiceFilter(label=_("Division"), queryset=Division.objects.all())

    class Meta:
        model = EmergencyWork
        fields = ["status", "division"]
