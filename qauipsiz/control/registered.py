"""Each production-control act registered once (`acts.registered.RegisteredAct`): its page under /control/, its
action on the record's page and its API endpoint under /api/v1/control/. Each sub-domain adds its acts to the list."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from qauipsiz.acts.registered import RegisteredAct

from .acts import ACCIDENT_CLOSE, ACCIDENT_CONCLUDE, ACCIDENT_DECIDE, ACCIDENT_INVESTIGATE, CONTROL

CONTROL_ACTS: list = []


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
