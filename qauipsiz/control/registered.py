"""Each production-control act registered once (`acts.registered.RegisteredAct`): its page under /control/, its
action on the record's page and its API endpoint under /api/v1/control/. Each sub-domain adds its acts to the list."""

CONTROL_ACTS: list = []

from qauipsiz.acts.registered import RegisteredAct  # noqa: E402  (each sub-domain's acts below its heading)

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
