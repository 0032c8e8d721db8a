"""Each production-control act registered once (`acts.registered.RegisteredAct`): its page under /control/, its
action on the record's page and its API endpoint under /api/v1/control/. Each sub-domain adds its acts to the list."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from qauipsiz.acts.registered import RegisteredAct

from .acts import ACCIDENT_CLOSE, ACCIDENT_CONCLUDE, ACCIDENT_DECIDE, ACCIDENT_INVESTIGATE, CONTROL

CONTROL_ACTS: list = []

# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


def _regulation_act():
    from django.utils.translation import gettext as _

    from .acts import CONTROL, REGULATION_APPROVE
    from .api.regulation import RegulationApproveIn, RegulationOut, regulation_body
    from .services.regulation import regulation_approve
    from .views.regulation import find_regulation

    return RegisteredAct(
        declaration=REGULATION_APPROVE, domain=CONTROL, model="control.regulation", find=find_regulation,
        service=regulation_approve, input_schema=RegulationApproveIn, body=regulation_body, body_schema=RegulationOut,
        record_url=lambda record: record.get_absolute_url(), head_template="control/regulation/_act_head.html",
        url_name="regulation-approve", page_path="regulation/<int:pk>/approve/",
        api_path="/control/regulation/{record_id}/approve", operation_id="control_regulation_approve",
        intro=lambda request: _("Your signature approves the text of every language as it reads now; the text and "
                                "its PDFs are then frozen, and later changes to the records do not change them."),
        success_message=lambda request, result: _("The Regulation was approved and is in force."))


CONTROL_ACTS.append(_regulation_act())

# --- Removal from work (315 cl.4.7, cl.27.4) ------------------------------------------------------------------------

from django.urls import reverse  # noqa: E402
from ninja import Schema  # noqa: E402

from qauipsiz.accounts.policy import visible_to  # noqa: E402

from . import acts as _acts  # noqa: E402
from .forms.removal import RemovalApproveForm, RemovalRejectForm  # noqa: E402
from .inputs import Day, text_type  # noqa: E402
from .models import Removal  # noqa: E402
from .services import removal as _removal  # noqa: E402


class ControlRemovalBody(Schema):
    id: int
    person_id: int
    status: str
    removed_from: str | None
    lifted_on: str | None


class ControlRemovalApproveIn(Schema):
    removed_from: Day


class ControlRemovalRejectIn(Schema):
    reason: text_type(4000, required=True)


class ControlRemovalLiftIn(Schema):
    pass


def _find_removal(user, pk: int) -> Removal:
    return get_object_or_404(visible_to(user, Removal).select_related("person"), pk=pk)


def _removal_body(user, pk: int) -> dict:
    removal = Removal.objects.get(pk=pk)
    return {"id": removal.pk, "person_id": removal.person_id, "status": removal.status,
            "removed_from": removal.removed_from.isoformat() if removal.removed_from else None,
            "lifted_on": removal.lifted_on.isoformat() if removal.lifted_on else None}


def _removal_url(removal) -> str:
    return reverse("control:removal", args=[removal.pk])


def _lift_refusals(user, removal) -> list[str]:
    return _removal.lift_problems(removal) if removal.status == "removed" else []


def _removal_act(declaration, service, **extra) -> RegisteredAct:
    return RegisteredAct(declaration=declaration, domain=_acts.CONTROL, model="control.removal", find=_find_removal,
                         service=service, body=_removal_body, body_schema=ControlRemovalBody,
                         record_url=_removal_url, head_template="control/removal/_head.html", **extra)


CONTROL_ACTS += [
    _removal_act(_acts.REMOVAL_APPROVE, _removal.removal_approve, form=RemovalApproveForm,
                 input_schema=ControlRemovalApproveIn,
                 intro=lambda request: _("From this date the person is competent in no role until the removal is "
                                         "lifted (315 cl.27.4).")),
    _removal_act(_acts.REMOVAL_REJECT, _removal.removal_reject, form=RemovalRejectForm,
                 input_schema=ControlRemovalRejectIn),
    _removal_act(_acts.REMOVAL_LIFT, _removal.removal_lift, input_schema=ControlRemovalLiftIn,
                 refusals=_lift_refusals),
]


# --- Accidents, incidents and injuries (315 cl.4.9, cl.8) -----------------------------------------------------------

def _find_accident(user, pk: int):
    from . import accident_selectors

    return get_object_or_404(accident_selectors.detail_queryset(user), pk=pk)


def _accident_url(record) -> str:
    return record.get_absolute_url()


def _accident_act(declaration, service, *, form, schema, **more) -> RegisteredAct:
    from .api import accidents as api

    return RegisteredAct(declaration=declaration, domain=CONTROL, model="control.accident", find=_find_accident,
                         service=service, form=form, input_schema=schema, body=api.accident_body,
                         body_schema=api.AccidentBody, record_url=_accident_url, api_tags=("control",), **more)


def _accident_acts() -> list[RegisteredAct]:
    from .api import accidents as api
    from .forms import accidents as forms
    from .services import accidents as services

    return [
        _accident_act(ACCIDENT_INVESTIGATE, services.accident_investigate, form=forms.InvestigateForm,
                      schema=api.AccidentInvestigateIn, form_kwargs=lambda request: {"user": request.user},
                      intro=lambda request: _("Form the commission of the investigation (315 cl.4.9).")),
        _accident_act(ACCIDENT_CONCLUDE, services.accident_conclude, form=forms.ConcludeForm,
                      schema=api.AccidentConcludeIn,
                      refusals=services.conclude_refusals,
                      offered=lambda user, record: not services.conclude_refusals(user, record),
                      intro=lambda request: _("The chair of the commission signs the conclusion and answers for it.")),
        _accident_act(ACCIDENT_CLOSE, services.accident_close, form=None, schema=api.AccidentCloseIn,
                      refusals=services.close_refusals),
        _accident_act(ACCIDENT_DECIDE, services.accident_decide_inspection, form=forms.DecideForm,
                      schema=api.AccidentDecideIn, refusals=services.decide_refusals,
                      offered=lambda user, record: not services.decide_refusals(user, record),
                      intro=lambda request: _("On an accident or an accident-caused injury at a facility the head "
                                              "may order an unscheduled inspection (315 cl.8).")),
    ]


CONTROL_ACTS.extend(_accident_acts())


# --- Plans (315 cl.4.1, cl.4.5): the head approves a draft version with a signature --------------------------------
def _plans():
    # Imported here: each sub-domain's registrations stay under its own heading of this shared module.
    from django.utils.translation import gettext as _

    from qauipsiz.acts.registered import RegisteredAct

    from .acts import CONTROL, PLAN_APPROVE
    from .api.plans import PlanApproveIn, PlanVersionBody, version_body
    from .services.plans import plan_approve
    from .views.plans import approve_intro, find_version, plan_url

    return [RegisteredAct(declaration=PLAN_APPROVE, domain=CONTROL, model="control.planversion", find=find_version,
                          service=plan_approve, input_schema=PlanApproveIn, body=version_body,
                          body_schema=PlanVersionBody, record_url=plan_url, intro=approve_intro,
                          head_template="control/plans/_version_head.html",
                          offered=lambda user, version: version.items.exists(),
                          refusals=lambda user, version: [] if version.items.exists() else [
                              str(_("A plan without items cannot be approved."))])]


CONTROL_ACTS.extend(_plans())
