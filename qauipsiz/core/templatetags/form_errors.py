"""The error summary at the top of a form page (issue 11): after a failed save one box counts the problems and links
each to its field, so that on a long form (the permit has some forty fields) the person, a screen reader or a tablet
goes straight to what must be put right instead of scrolling for the red text.

    {% load form_errors %}{% error_summary form formset %}

Every form page shows it through this one tag (`core/_form_fields.html` calls it for the pages built on it). It takes
any number of forms and formsets in page order, lists of them, and the signature blocks of an act (anything with a
`.form`); an empty template variable is skipped, so a page passes `formset` whether it has one or not.
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    label: str = ""
    target: str = ""  # the id of the field's element; empty for what concerns the whole form or a hidden field


def _row_label(label, row: int | None) -> str:
    if row is None:
        return str(label)
    return _("%(label)s (row %(row)s)") % {"label": label, "row": row}


def _target(bound_field) -> str:
    if bound_field.is_hidden:
        return ""  # a hidden input takes no focus: the line is not a link
    # A group of radio buttons or checkboxes has no label target of its own: its wrapper carries the field's id.
    return bound_field.id_for_label or bound_field.auto_id or ""


def form_problems(form: BaseForm, *, row: int | None = None) -> list[Problem]:
    """The form's errors: those of the whole form first, then each field's in the order of the form."""
    errors = form.errors
    if not errors:
        return []
    whole = _("Row %(row)s") % {"row": row} if row is not None else ""
    problems = [Problem(str(message), label=whole) for name, messages in errors.items()
                if name == NON_FIELD_ERRORS or name not in form.fields for message in messages]
    for name in form.fields:
        if name in errors:
            bound = form[name]
            problems += [Problem(str(message), label=_row_label(bound.label or name, row), target=_target(bound))
                         for message in errors[name]]
    return problems


def formset_problems(formset: BaseFormSet) -> list[Problem]:
    """The formset's own errors (too many rows, ...), then each row's, numbered as the person sees them."""
    if not formset.is_bound:
        return []
    problems = [Problem(str(message)) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms, start=1):
        if formset.can_delete and formset._should_delete_form(form):
            continue  # a row marked for deletion is not validated: its errors do not stop the save
        problems += form_problems(form, row=index)
    return problems


def collect(items) -> list[Problem]:
    problems = []
    for item in items:
        if isinstance(item, BaseFormSet):
            problems += formset_problems(item)
        elif isinstance(item, BaseForm):
            problems += form_problems(item)
        elif isinstance(item, list | tuple):
            problems += collect(item)
        elif isinstance(getattr(item, "form", None), BaseForm):  # an act's signature block
            problems += form_problems(item.form)
    return problems


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*items):
    return {"problems": collect(items)}
