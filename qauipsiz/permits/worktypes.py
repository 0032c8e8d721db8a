"""Work types and their measure templates: the built-in ones (hot work, height, confined spaces, ...) and the ones an
organisation adds for its own kinds of higher-risk work. A template pre-fills item 5 of a new permit; the issuer adapts
it on each permit. Changing a template never changes permits already drawn up: they hold their own copy.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, can, organisations_for, visible_to
from qauipsiz.core.forms import add_service_errors
from qauipsiz.ledger import services as ledger

from .choices import AttachmentKind, MeasureCode, WorkKind
from .models import WorkType, WorkTypeMeasure

# --- services ------------------------------------------------------------------------------------------------------


def _check_measures(measures: list[tuple[str, str, str, str]]) -> None:
    if not measures:
        raise ValidationError(_("A work type needs at least one template measure."))
    for code, *texts in measures:
        MeasureCode(code)
        if not any(t.strip() for t in texts):
            raise ValidationError(_("Every template measure needs a text in at least one language."))


def _check_documents(work_type: WorkType) -> None:
    """344 cl.4 ¶2, cl.8: the required documents are kinds of attachment, each once, in the order of the kinds."""
    chosen = work_type.required_documents
    if not isinstance(chosen, list) or any(not isinstance(kind, str) or kind not in AttachmentKind.values
                                           for kind in chosen):
        raise ValidationError({"required_documents": _("Choose the required documents among the kinds of "
                                                       "attachment.")})
    work_type.required_documents = [kind for kind in AttachmentKind.values if kind in chosen]


def default_documents(kind: str) -> list[str]:
    """344 cl.8: earthwork is agreed beforehand with the organisations serving the communications, so a new work type
    of that kind requires the agreement unless its author says otherwise."""
    return [AttachmentKind.AGREEMENT.value] if kind == WorkKind.EXCAVATION else []


def _replace_measures(*, work_type: WorkType, measures, by, role: str) -> None:
    for old in work_type.measures.all():
        ledger.append(organisation_id=work_type.organisation_id, by=by, role=role,
                      action="permits.worktypemeasure.deleted", obj=old, gone=True)
    work_type.measures.all().delete()
    order = {code: index for index, code in enumerate(MeasureCode.values)}
    measures = sorted(measures, key=lambda row: order[row[0]])
    for position, (code, text_kk, text_ru, text_en) in enumerate(measures):
        measure = WorkTypeMeasure.objects.create(work_type=work_type, code=code, position=position,
                                                 text_kk=text_kk.strip(), text_ru=text_ru.strip(),
                                                 text_en=text_en.strip())
        ledger.append(organisation_id=work_type.organisation_id, by=by, role=role,
                      action="permits.worktypemeasure.created", obj=measure)


@transactions.atomic
def work_type_create(*, by, work_type: WorkType, measures: list[tuple[str, str, str, str]]) -> WorkType:
    """An organisation's own work type with its template (item 5 measures in kk/ru/en)."""
    if work_type.organisation_id is None or not organisations_for(by, Action.ADD, WorkType).filter(
            pk=work_type.organisation_id).exists():
        raise PermissionDenied(_("You are not allowed to add work types here."))
    _check_measures(measures)
    _check_documents(work_type)
    work_type.full_clean()
    work_type.save()
    role = acting_role(by, Action.ADD, WorkType, work_type.organisation_id)
    ledger.append(organisation_id=work_type.organisation_id, by=by, role=role, action="permits.worktype.created",
                  obj=work_type)
    _replace_measures(work_type=work_type, measures=measures, by=by, role=role)
    return work_type


@transactions.atomic
def work_type_update(*, by, work_type: WorkType, measures: list[tuple[str, str, str, str]]) -> WorkType:
    current = WorkType.objects.select_for_update(no_key=True).get(pk=work_type.pk)
    if current.organisation_id is None:
        raise PermissionDenied(_("Built-in work types cannot be changed; add your own instead."))
    if not can(by, Action.CHANGE, current):
        raise PermissionDenied(_("You are not allowed to change this work type."))
    _check_measures(measures)
    _check_documents(work_type)
    work_type.organisation_id = current.organisation_id
    work_type.full_clean()
    work_type.save()
    role = acting_role(by, Action.CHANGE, WorkType, work_type.organisation_id)
    ledger.append(organisation_id=work_type.organisation_id, by=by, role=role, action="permits.worktype.updated",
                  obj=work_type)
    _replace_measures(work_type=work_type, measures=measures, by=by, role=role)
    return work_type


# --- pages ---------------------------------------------------------------------------------------------------------


class WorkTypeForm(forms.ModelForm):
    class Meta:
        model = WorkType
        fields = ["organisation", "kind", "name_kk", "name_ru", "name_en", "sample_validity_minutes",
                  "required_documents", "is_active"]

    required_documents = forms.MultipleChoiceField(
        label=gettext_lazy("Documents required (344 cl.4, cl.8)"), choices=AttachmentKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("A permit of this type is issued only once a document of each of these kinds is "
                               "attached."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user, Action.ADD, WorkType)
        self.fields["organisation"].required = True
        self.fields["organisation"].empty_label = None
        if self.instance.pk:
            self.fields["organisation"].disabled = True
        self.fields["sample_validity_minutes"].required = False  # left blank: the default hour (item 5.4)
        if not self.instance.pk and not self.instance.required_documents:
            self.initial["required_documents"] = default_documents(self.instance.kind)

    def clean_sample_validity_minutes(self):
        value = self.cleaned_data.get("sample_validity_minutes")
        return WorkType._meta.get_field("sample_validity_minutes").default if value is None else value


class TemplateMeasureForm(forms.Form):
    code = forms.ChoiceField(label=gettext_lazy("Item"), choices=MeasureCode.choices)
    text_kk = forms.CharField(label=gettext_lazy("Text (Kazakh)"), required=False, max_length=2000)
    text_ru = forms.CharField(label=gettext_lazy("Text (Russian)"), required=False, max_length=2000)
    text_en = forms.CharField(label=gettext_lazy("Text (English)"), required=False, max_length=2000)


TemplateMeasureFormSet = forms.formset_factory(TemplateMeasureForm, extra=3, can_delete=True, max_num=40)


def _measures(formset) -> list[tuple[str, str, str, str]]:
    return [(f.cleaned_data["code"], f.cleaned_data["text_kk"], f.cleaned_data["text_ru"], f.cleaned_data["text_en"])
            for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            and any(f.cleaned_data.get(k) for k in ("text_kk", "text_ru", "text_en"))]


def work_type_list(request):
    work_types = visible_to(request.user, WorkType).filter(Q(organisation__isnull=True) | Q(is_active=True)) \
        .select_related("organisation").prefetch_related("measures").order_by("organisation_id", "kind", "name_kk")
    may_add = organisations_for(request.user, Action.ADD, WorkType).exists()
    return render(request, "permits/work_types.html", {"work_types": work_types, "may_add": may_add,
                                                       "kinds": WorkKind})


def work_type_edit(request, pk: int | None = None):
    # `?kind=` starts a new type of that kind, with its defaults (an earthwork type requires the agreement, cl.8).
    kind = request.GET.get("kind")
    new_kind = kind if kind in WorkKind.values else WorkKind.OTHER
    work_type = get_object_or_404(visible_to(request.user, WorkType), pk=pk) if pk else WorkType(kind=new_kind)
    if pk and (work_type.organisation_id is None or not can(request.user, Action.CHANGE, work_type)):
        raise PermissionDenied(_("Built-in work types cannot be changed; add your own instead."))
    if not pk and not organisations_for(request.user, Action.ADD, WorkType).exists():
        raise PermissionDenied(_("You are not allowed to add work types here."))
    initial = [{"code": m.code, "text_kk": m.text_kk, "text_ru": m.text_ru, "text_en": m.text_en}
               for m in work_type.measures.all()] if pk else []
    form = WorkTypeForm(request.POST or None, instance=work_type, user=request.user)
    formset = TemplateMeasureFormSet(request.POST or None, initial=initial, prefix="measures")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            service = work_type_update if pk else work_type_create
            saved = service(by=request.user, work_type=form.save(commit=False), measures=_measures(formset))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work type %(name)s is saved.") % {"name": saved.name})
            return redirect("permits:work-types")
    status = 422 if request.method == "POST" else 200
    return render(request, "permits/work_type_form.html", {"form": form, "formset": formset, "work_type": work_type},
                  status=status)
