"""Each production-control act registered once (`acts.registered.RegisteredAct`): its page under /control/, its
action on the record's page and its API endpoint under /api/v1/control/. Each sub-domain adds its acts to the list."""

CONTROL_ACTS: list = []


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
