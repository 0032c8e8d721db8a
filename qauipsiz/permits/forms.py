"""Forms of the permit pages. They only collect input: every rule of Order 344 is checked by the services.

Choices of related records are limited to the permit's organisation and to active records (plus the value already
chosen, when a draft is edited). Forms that sign mix in `SignatureForm`; a two-party act adds a second
`SignatureForm(prefix="cosigner")` for the co-signer, who signs on the same device.
"""

import datetime

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qauipsiz.core.forms import DateInput
from qauipsiz.core.i18n import pick_translation
from qauipsiz.core.models import Contractor, Division, HazardousFacility, Person, TechnicalDevice
from qauipsiz.ledger.forms import SignatureForm

from .choices import (
    ApprovalKind,
    AttachmentKind,
    CertificateStatus,
    EmergencyStatus,
    MeasureCode,
    Nearby,
    TerminationReason,
)
from .models import AdmissionCertificate, EmergencyWork, Permit, WorkType

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M",
                                                                                    "%Y-%m-%d %H:%M:%S"], **kwargs)


def local_now_minutes() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.position}" if obj.position else obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.position}" if obj.position else obj.full_name


def _keep_current(queryset, current_ids):
    """Active records of the organisation, plus those already chosen (they stay valid on an edited draft)."""
    current_ids = [pk for pk in current_ids if pk]
    if not current_ids:
        return queryset.filter(is_active=True) if hasattr(queryset.model, "is_active") else queryset
    active = Q(is_active=True) if hasattr(queryset.model, "is_active") else Q()
    return queryset.filter(active | Q(pk__in=current_ids))


# --- the draft (Annex 1) ---------------------------------------------------------------------------------------------

class PermitForm(forms.ModelForm):
    """The draft of a permit: everything the issuer fills in before issuing it (Annex 1 items 1-6, 8; 344 cl.6-9,
    cl.12, cl.16)."""

    nearby = forms.MultipleChoiceField(label=_("The work is near existing (344 cl.8)"), choices=Nearby.choices,
                                       widget=forms.CheckboxSelectMultiple, required=False)
    shift_supervisor = PersonChoiceField(label=_("8. Approved by the shift supervisor (section)"),
                                         queryset=Person.objects.none(), required=False)
    other_approvers = PeopleChoiceField(label=_("8.1. Other approvals"), queryset=Person.objects.none(),
                                        required=False, widget=forms.SelectMultiple(attrs={"size": 5}))

    class Meta:
        model = Permit
        fields = ["division", "other_divisions", "facility", "work_type", "contractor", "certificate", "emergency",
                  "performer", "place", "equipment", "devices", "scope_of_work", "admitting_persons",
                  "responsible_manager", "issuer", "planned_start", "planned_end", "validity", "nearby", "earthwork"]
        labels = {
            "division": _("Site / workshop"),
            "other_divisions": _("Other divisions taking part (344 cl.16)"),
            "contractor": _("Contractor (344 cl.9)"),
            "certificate": _("Admission certificate of the site (344 cl.9, cl.17)"),
            "emergency": _("Remaining work after the emergency work (344 cl.12)"),
            "performer": _("1. Work performer"),
            "place": _("2. Place of work"),
            "equipment": _("2. Equipment (as named on the form)"),
            "devices": _("2. Technical devices of the register"),
            "scope_of_work": _("2. Scope of work"),
            "admitting_persons": _("3. Admitting persons"),
            "responsible_manager": _("4. Responsible manager"),
            "issuer": _("6. Issued by"),
            "validity": _("Validity (344 cl.6)"),
            "earthwork": _("Earthwork (344 cl.8)"),
        }
        widgets = {
            "other_divisions": forms.CheckboxSelectMultiple,
            "devices": forms.SelectMultiple(attrs={"size": 5}),
            "admitting_persons": forms.SelectMultiple(attrs={"size": 5}),
            "scope_of_work": forms.Textarea(attrs={"rows": 3}),
            "planned_start": DateTimeInput(),
            "planned_end": DateTimeInput(),
        }
        field_classes = {"planned_start": forms.DateTimeField, "planned_end": forms.DateTimeField}

    def __init__(self, *args, organisation, issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        permit = self.instance
        editing = permit.pk is not None
        org = Q(organisation=organisation)
        people = Person.objects.filter(org)

        def current(name):
            if not editing:
                return []
            field = Permit._meta.get_field(name)
            if field.many_to_many:
                return list(getattr(permit, name).values_list("pk", flat=True))
            return [getattr(permit, f"{name}_id")]

        self.fields["division"].queryset = _keep_current(Division.objects.filter(org), current("division"))
        self.fields["other_divisions"].queryset = _keep_current(Division.objects.filter(org), current("other_divisions"))
        self.fields["facility"].queryset = _keep_current(HazardousFacility.objects.filter(org), current("facility"))
        self.fields["work_type"].queryset = _keep_current(
            WorkType.objects.filter(Q(organisation__isnull=True) | org), current("work_type"))
        self.fields["contractor"].queryset = _keep_current(Contractor.objects.filter(org), current("contractor"))
        today = timezone.localdate()
        self.fields["certificate"].queryset = AdmissionCertificate.objects.filter(
            org & (Q(status=CertificateStatus.ACTIVE, ends_on__gte=today) | Q(pk__in=current("certificate")))
        ).select_related("contractor")
        self.fields["emergency"].queryset = EmergencyWork.objects.filter(
            org & (Q(status=EmergencyStatus.THREAT_ELIMINATED) | Q(pk__in=current("emergency"))))
        self.fields["devices"].queryset = _keep_current(TechnicalDevice.objects.filter(org), current("devices"))
        for name in ("performer", "responsible_manager", "issuer"):
            self.fields[name] = PersonChoiceField(label=self.fields[name].label,
                                                  queryset=_keep_current(people, current(name)))
        self.fields["admitting_persons"] = PeopleChoiceField(
            label=self.fields["admitting_persons"].label, queryset=_keep_current(people, current("admitting_persons")),
            widget=forms.SelectMultiple(attrs={"size": 5}))
        approvals = list(permit.approvals.all()) if editing else []
        approver_ids = [a.approver_id for a in approvals]
        self.fields["shift_supervisor"].queryset = _keep_current(people, approver_ids)
        self.fields["other_approvers"].queryset = _keep_current(people, approver_ids)
        # Choosing the work type re-draws item 5 with its template of measures (htmx; see _measures.html).
        self.fields["work_type"].widget.attrs.update({
            "data-work-type": "", "hx-get": reverse("permits:measures-formset"), "hx-target": "#measures",
            "hx-swap": "outerHTML", "hx-trigger": "change"})
        if editing:
            self.initial.setdefault("nearby", list(permit.nearby or []))
            supervisor = next((a.approver_id for a in approvals if a.kind == ApprovalKind.SHIFT_SUPERVISOR), None)
            self.initial.setdefault("shift_supervisor", supervisor)
            self.initial.setdefault("other_approvers", [a.approver_id for a in approvals if a.kind == ApprovalKind.OTHER])
        elif issuer is not None and not self.initial.get("issuer"):
            self.initial["issuer"] = issuer.pk

    GROUPS = (
        (_("Organisation, site, workshop"), ("division", "other_divisions", "facility", "work_type", "contractor",
                                             "certificate", "emergency")),
        (_("Items 1-4: people and place"), ("performer", "place", "equipment", "devices", "scope_of_work",
                                            "admitting_persons", "responsible_manager")),
    )
    GROUPS_AFTER_MEASURES = (
        (_("Items 6 and 8: issue and approvals"), ("issuer", "shift_supervisor", "other_approvers")),
        (_("Period and validity (344 cl.6)"), ("planned_start", "planned_end", "validity")),
        (_("Agreements (344 cl.8)"), ("nearby", "earthwork")),
    )

    def _groups(self, groups):
        return [(title, [self[name] for name in names]) for title, names in groups]

    def groups_before(self):
        return self._groups(self.GROUPS)

    def groups_after(self):
        return self._groups(self.GROUPS_AFTER_MEASURES)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("The planned end must come after the planned start."))
        contractor, certificate = cleaned.get("contractor"), cleaned.get("certificate")
        if certificate and contractor and certificate.contractor_id != contractor.pk:
            self.add_error("certificate", _("The admission certificate was drawn up for another contractor."))
        if certificate and not contractor:
            cleaned["contractor"] = certificate.contractor
        return cleaned

    def approvers(self) -> list[tuple[str, Person]]:
        result = []
        supervisor = self.cleaned_data.get("shift_supervisor")
        if supervisor:
            result.append((ApprovalKind.SHIFT_SUPERVISOR.value, supervisor))
        for person in self.cleaned_data.get("other_approvers") or []:
            if person != supervisor:
                result.append((ApprovalKind.OTHER.value, person))
        return result

    def relations(self) -> dict:
        return {name: list(self.cleaned_data.get(name) or []) for name in ("admitting_persons", "devices",
                                                                            "other_divisions")}

    def changes(self) -> dict:
        """The concrete fields, for `services.permit_update(changes=...)`."""
        names = [n for n in self._meta.fields if not Permit._meta.get_field(n).many_to_many]
        return {name: self.cleaned_data.get(name) for name in names}


class MeasureRowForm(forms.Form):
    """One row of item 5: the measure's item (5.1-5.10) and its text. A row left without text is ignored."""

    code = forms.ChoiceField(label=_("Item"), choices=MeasureCode.choices)
    text = forms.CharField(label=pgettext_lazy("safety measure", "Measure"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


MeasureFormSet = forms.formset_factory(MeasureRowForm, extra=0, max_num=100, validate_max=True)
MEASURES_PREFIX = "measures"


def measure_formset(data=None, *, initial=None):
    return MeasureFormSet(data, initial=initial, prefix=MEASURES_PREFIX)


def measures_of_formset(formset) -> list[tuple[str, str]]:
    return [(f.cleaned_data["code"], f.cleaned_data["text"].strip()) for f in formset.forms
            if f.cleaned_data.get("text", "").strip()]


def measure_rows_from_work_type(work_type: WorkType | None) -> list[dict]:
    """Item 5 pre-filled from the work type's template, in the reader's language."""
    if work_type is None:
        return []
    measures = sorted(work_type.measures.all(), key=lambda m: (code_order(m.code), m.position, m.pk))
    return [{"code": m.code, "text": pick_translation(m, "text")} for m in measures]


def code_order(code: str) -> tuple:
    """5.1, 5.2, ..., 5.10 in the order of the form (as text, 5.10 would sort before 5.2)."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def measure_rows_from_post(data) -> list[dict]:
    """The rows of the measures formset as typed so far (to add or remove a row without losing them)."""
    try:
        total = min(int(data.get(f"{MEASURES_PREFIX}-TOTAL_FORMS", 0)), 100)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        code = data.get(f"{MEASURES_PREFIX}-{index}-code", "")
        rows.append({"code": code if code in MeasureCode.values else MeasureCode.ADDITIONAL.value,
                     "text": data.get(f"{MEASURES_PREFIX}-{index}-text", "")})
    return rows


# --- actions --------------------------------------------------------------------------------------------------------

class SignOnlyForm(SignatureForm):
    """An act that only needs the signer's confirmation."""


class CancelForm(SignatureForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, signs=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not signs:  # a draft is cancelled without a signature: nothing was signed yet
            for name in ("sign_method", "sign_password", "sign_pin", "sign_cms"):
                del self.fields[name]

    def clean(self):
        if "sign_method" not in self.fields:
            return forms.Form.clean(self)
        return super().clean()

    def credentials(self) -> dict:
        return super().credentials() if "sign_method" in self.fields else {}


class AdmitForm(SignatureForm):
    """Item 9 (344 cl.22-23)."""

    measures_checked = forms.BooleanField(label=_("I have checked that the measures are carried out"))
    performer_briefed = forms.BooleanField(label=_("I have briefed the work performer at the place of work"))
    copy_handed_over = forms.BooleanField(label=_("I have handed over a copy of the permit to the work performer"))


class ReadmitForm(SignatureForm):
    conditions_unchanged = forms.BooleanField(
        label=_("The break lasted more than one shift: together with the work performer I have checked that the "
                "safety conditions have not changed (344 cl.28)"), required=False)


class ExtendForm(SignatureForm):
    """Item 12 (344 cl.6, cl.22, cl.24, cl.29)."""

    shift_performer = PersonChoiceField(label=_("Work performer of the incoming shift"), queryset=Person.objects.none())
    crew_count = forms.IntegerField(label=_("Crew of the incoming shift, persons"), min_value=1, max_value=999)
    measures_checked = forms.BooleanField(
        label=_("I checked the measures of the permit and briefed the work performer at the place of work (344 cl.22)"),
        required=False)
    conditions_unchanged = forms.BooleanField(
        label=_("The conditions have not changed (required after a break of more than one shift, 344 cl.28)"),
        required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift_performer"].queryset = Person.objects.filter(organisation=organisation, is_active=True)
        self.fields["shift_performer"].widget.attrs["data-cosigner"] = ""


class SuspendForm(SignatureForm):
    reason = forms.CharField(label=_("Reason for the suspension"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text}"


class ResumeForm(SignatureForm):
    measures_rechecked = MeasureChoiceField(label=_("Initial measures checked again (344 cl.27)"),
                                            queryset=None, widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures_rechecked"].queryset = permit.measures.all()

    def measure_ids(self) -> list[int]:
        return [m.pk for m in self.cleaned_data.get("measures_rechecked") or []]


class TerminateForm(SignatureForm):
    reason = forms.ChoiceField(label=_("Reason (344 cl.25)"), choices=TerminationReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["data-reload-signing"] = ""


class ReportLostForm(SignatureForm):
    note = forms.CharField(label=_("Circumstances of the loss"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False, max_length=2000)


class HandBackForm(SignatureForm):
    """Item 13."""

    workplace_cleared = forms.BooleanField(label=_("The workplace has been cleared"))
    people_withdrawn = forms.BooleanField(label=_("The people have been withdrawn from the place of work"))
    completed_at = datetime_field(_("Work completed at"), required=False,
                                  help_text=_("Leave empty for now."))


class CloseForm(SignatureForm):
    admitting_absent = forms.BooleanField(
        label=_("No admitting person is present: I, the issuer, close the permit with the performer's hand-back "
                "(344 cl.11)"), required=False)

    def __init__(self, *args, issuer_closes=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not issuer_closes:
            del self.fields["admitting_absent"]

    def confirms_absence(self) -> bool:
        return bool(self.cleaned_data.get("admitting_absent"))


class AirSampleForm(forms.Form):
    """Item 5.4."""

    place = forms.CharField(label=_("Sampling place"), max_length=300)
    taken_at = datetime_field(_("Taken at"))
    substance = forms.CharField(label=_("Substance"), max_length=200)
    value = forms.DecimalField(label=_("Measured value"), max_digits=12, decimal_places=4, min_value=0)
    limit = forms.DecimalField(label=_("Permitted limit"), max_digits=12, decimal_places=4)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="mg/m³")
    measured_by = PersonChoiceField(label=_("Measured by"), queryset=Person.objects.none())

    def __init__(self, *args, permit, user_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_by"].queryset = Person.objects.filter(organisation=permit.organisation_id,
                                                                    is_active=True)
        self.fields["taken_at"].initial = local_now_minutes
        if user_person is not None:
            self.fields["measured_by"].initial = user_person.pk


class PermitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.place}"


class JointMeasuresForm(forms.Form):
    """344 cl.7."""

    others = PermitChoiceField(label=_("Permits at the same place at the same time"), queryset=Permit.objects.none(),
                               widget=forms.CheckboxSelectMultiple)
    measures = forms.CharField(label=_("Additional joint measures"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=4000)

    def __init__(self, *args, overlapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = overlapping
        self.fields["others"].initial = [p.pk for p in overlapping]


class CrewAddForm(forms.Form):
    person = PersonChoiceField(label=_("Crew member"), queryset=Person.objects.none())

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=permit.organisation_id, is_active=True).exclude(
            pk__in=permit.crew.filter(removed_at__isnull=True).values("person_id"))
        if permit.contractor_id:
            people = people.filter(contractor=permit.contractor_id)
        self.fields["person"].queryset = people


class CrewRemoveForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))


# --- admission certificates and emergency works -------------------------------------------------------------------

class OrganisationBoundForm(forms.ModelForm):
    """A record of one of the organisations the user may add it in; related choices from those organisations."""

    related_models: dict = {}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.fields["organisation"].queryset = organisations
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation is not None:
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = self.only_organisation.pk
        for name, field in self.fields.items():
            if name == "organisation" or not hasattr(field, "queryset"):
                continue
            queryset = field.queryset.filter(organisation__in=organisations)
            if hasattr(queryset.model, "is_active"):
                queryset = queryset.filter(is_active=True)
            if queryset.model is Person:
                field.__class__ = PersonChoiceField
            field.queryset = queryset
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation is None:
            return cleaned
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (name != "organisation" and hasattr(field, "queryset") and value is not None
                    and getattr(value, "organisation_id", organisation.pk) != organisation.pk):
                self.add_error(name, _("Choose a record of the same organisation."))
        return cleaned


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

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("text") or "").strip():
            if not cleaned.get("deadline"):
                self.add_error("deadline", _("Give the deadline of the measure."))
            if not (cleaned.get("executor") or "").strip():
                self.add_error("executor", _("Name the executor of the measure."))
        return cleaned


CertificateMeasureFormSet = forms.formset_factory(CertificateMeasureForm, extra=3, max_num=50, validate_max=True)


def certificate_measures(formset) -> list[tuple[str, datetime.date, str]]:
    return [(f.cleaned_data["text"].strip(), f.cleaned_data["deadline"], f.cleaned_data["executor"].strip())
            for f in formset.forms if (f.cleaned_data.get("text") or "").strip()]


class EmergencyForm(OrganisationBoundForm):
    """344 cl.12."""

    class Meta:
        model = EmergencyWork
        fields = ["organisation", "division", "facility", "description", "plan_reference", "started_at", "leader"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "started_at": DateTimeInput()}
        field_classes = {"started_at": forms.DateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_at"].initial = local_now_minutes


class ThreatEliminatedForm(forms.Form):
    at = datetime_field(_("Direct threat eliminated at"), required=False, help_text=_("Leave empty for now."))
