"""The draft of a permit (Annex 1 items 1-6, 8), its item 5 formset, and attachments."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.i18n import pick_translation
from qauipsiz.core.models import Contractor, Division, HazardousFacility, Location, Person, TechnicalDevice

from ..choices import ApprovalKind, AttachmentKind, CertificateStatus, EmergencyStatus, MeasureCode, NamingKind, Nearby
from ..models import AdmissionCertificate, EmergencyWork, Permit, WorkType
from . import pickers
from .common import DateTimeField, DateTimeInput, PeopleChoiceField, PersonChoiceField, keep_current

# The competence each person picker of the draft asks for, as the issue's guard does (344 cl.19; the issuer's by his
# appointment covering the division, cl.16). The approvers of items 8, 8.1 need none of the register: their pickers
# are only searchable.
PERSON_PARTS = {
    "performer": CompetenceRole.WORK_PERFORMER, "admitting_persons": CompetenceRole.ADMITTING_PERSON,
    "shift_performers": CompetenceRole.WORK_PERFORMER, "responsible_manager": CompetenceRole.RESPONSIBLE_MANAGER,
    "issuer": CompetenceRole.PERMIT_ISSUER, "shift_supervisor": None, "other_approvers": None,
}
# Changing these re-draws the pickers (htmx, `views.pickers`): competence depends on the dates and the division, the
# divisions offered on the issuer.
RE_EVALUATED_BY = ("division", "issuer", "planned_start", "planned_end")


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
        fields = ["division", "other_divisions", "facility", "location", "work_type", "contractor", "certificate",
                  "site_not_handed_over", "emergency", "performer", "place", "equipment", "devices", "scope_of_work",
                  "admitting_persons", "responsible_manager", "issuer", "planned_start", "planned_end", "validity",
                  "nearby", "earthwork"]
        labels = {
            "division": _("Site / workshop"),
            "other_divisions": _("Other divisions taking part (344 cl.16)"),
            "location": _("Unit or area of the facility (344 cl.7)"),
            "contractor": _("Contractor (344 cl.9)"),
            "certificate": _("Admission certificate of the site (344 cl.9, cl.17)"),
            "site_not_handed_over": _("The site cannot be handed over (344 cl.18): the customer issues, the "
                                      "contractor's people work"),
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
        field_classes = {"planned_start": DateTimeField, "planned_end": DateTimeField}

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

        self.fields["division"].queryset = keep_current(Division.objects.filter(org), current("division"))
        self.fields["other_divisions"].queryset = keep_current(Division.objects.filter(org), current("other_divisions"))
        self.fields["facility"].queryset = keep_current(HazardousFacility.objects.filter(org), current("facility"))
        self.fields["location"].queryset = keep_current(
            Location.objects.filter(org).select_related("parent", "facility"), current("location"))
        self.fields["location"].label_from_instance = lambda location: f"{location.facility} — {location.full_name}"
        self.fields["work_type"].queryset = keep_current(
            WorkType.objects.filter(Q(organisation__isnull=True) | org), current("work_type"))
        self.fields["contractor"].queryset = keep_current(Contractor.objects.filter(org), current("contractor"))
        today = timezone.localdate()
        self.fields["certificate"].queryset = AdmissionCertificate.objects.filter(
            org & (Q(status=CertificateStatus.ACTIVE, ends_on__gte=today) | Q(pk__in=current("certificate")))
        ).select_related("contractor")
        self.fields["emergency"].queryset = EmergencyWork.objects.filter(
            org & (Q(status=EmergencyStatus.THREAT_ELIMINATED) | Q(pk__in=current("emergency"))))
        self.fields["devices"].queryset = keep_current(TechnicalDevice.objects.filter(org), current("devices"))
        for name in ("performer", "responsible_manager", "issuer"):
            self.fields[name] = PersonChoiceField(label=self.fields[name].label,
                                                  queryset=keep_current(people, current(name)))
        self.fields["admitting_persons"] = PeopleChoiceField(
            label=self.fields["admitting_persons"].label, queryset=keep_current(people, current("admitting_persons")),
            widget=forms.SelectMultiple(attrs={"size": 5}))
        # 344 cl.29: the performers of the other shifts, kept as namings of the issuer (not a field of the permit).
        shift_ids = list(permit.namings.filter(kind=NamingKind.SHIFT_PERFORMER).values_list("person_id", flat=True)
                         ) if editing else []
        self.fields["shift_performers"] = PeopleChoiceField(
            label=_("Work performers of the other shifts (344 cl.29)"), queryset=keep_current(people, shift_ids),
            required=False, widget=forms.SelectMultiple(attrs={"size": 5}))
        if editing:
            self.initial.setdefault("shift_performers", shift_ids)
        approvals = list(permit.approvals.all()) if editing else []
        approver_ids = [a.approver_id for a in approvals]
        self.fields["shift_supervisor"].queryset = keep_current(people, approver_ids)
        self.fields["other_approvers"].queryset = keep_current(people, approver_ids)
        kept = {name: current(name) for name in ("division", "other_divisions", "performer", "admitting_persons",
                                                 "responsible_manager", "issuer")}
        kept.update(shift_performers=shift_ids, shift_supervisor=approver_ids, other_approvers=approver_ids)
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
        self._offer_pickers(kept)  # last: it reads the initial values too

    def _chosen(self, name: str, records: list):
        """The record chosen so far in the field (typed data, else the initial value), among `records`."""
        value = self[name].value()
        value = getattr(value, "pk", value)
        return next((r for r in records if str(r.pk) == str(value)), None) if value not in (None, "") else None

    def _moment(self, name: str):
        try:
            return self.fields[name].clean(self[name].value())
        except forms.ValidationError:
            return None

    def _offer_pickers(self, kept: dict) -> None:
        """Issue 11: each person picker offers first those competent for its part on the planned dates, then the
        others with what they lack; the divisions are the tree the issuer may issue for. One reading of the people,
        the divisions and the register for all the pickers."""
        org = Q(organisation=self.organisation)
        everyone = {pk for name, ids in kept.items() if name in PERSON_PARTS for pk in ids if pk}
        people = list(Person.objects.filter(org & (Q(is_active=True) | Q(pk__in=everyone))))
        kept_divisions = {pk for pk in [*kept["division"], *kept["other_divisions"]] if pk}
        divisions = list(Division.objects.filter(org & (Q(is_active=True) | Q(pk__in=kept_divisions))))
        start, end = self._moment("planned_start"), self._moment("planned_end")
        days = pickers.competence_days(start, end)
        division = self._chosen("division", divisions)
        answers = pickers.assess_people(people, PERSON_PARTS.values(), days, division)
        more = {"admitting_persons": pickers.admitting_reasons(division)}
        for name, role in PERSON_PARTS.items():
            offered = [p for p in people if p.is_active or p.pk in kept[name]]
            pickers.set_choices(self.fields[name], pickers.people_choices(offered, role, days, answers, more.get(name)))
            pickers.mark(self.fields[name])
        issuer = self._chosen("issuer", people)
        # What is chosen stays offered when another issuer is chosen: the service then says why it cannot be.
        chosen = {str(pk) for pk in [self["division"].value(), *(self["other_divisions"].value() or [])] if pk}
        keep = kept_divisions | {d.pk for d in divisions if str(d.pk) in chosen}
        tree = pickers.division_tree(divisions, issuer, until=end or start, keep=keep)
        for name in ("division", "other_divisions"):
            pickers.set_choices(self.fields[name], tree)
            pickers.mark(self.fields[name])
        self.fields["division"].help_text = _("The divisions the issuer may issue for (344 cl.16).")
        address = (reverse("permits:edit-pickers", args=[self.instance.pk]) if self.instance.pk
                   else reverse("permits:draft-pickers"))
        for name in RE_EVALUATED_BY:
            self.fields[name].widget.attrs.update({"hx-post": address, "hx-trigger": "change", "hx-swap": "none",
                                                   "hx-include": "closest form", "hx-sync": "closest form:replace"})

    def picker_fields(self) -> list:
        """The fields `views.pickers` re-draws."""
        return [self[name] for name in (*PERSON_PARTS, "division", "other_divisions")]

    GROUPS = (
        (_("Organisation, site, workshop"), ("division", "other_divisions", "facility", "location", "work_type",
                                             "contractor", "certificate", "site_not_handed_over", "emergency")),
        (_("Items 1-4: people and place"), ("performer", "place", "equipment", "devices", "scope_of_work",
                                            "admitting_persons", "shift_performers", "responsible_manager")),
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
        if cleaned.get("site_not_handed_over") and (certificate or contractor):
            self.add_error("site_not_handed_over", _("A site that cannot be handed over is worked under the customer's "
                                                     "permit: it names no contractor and no admission certificate "
                                                     "(344 cl.18)."))
        elif certificate and not contractor:
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
                                                                            "other_divisions", "shift_performers")}

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


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))
