"""The production-control API under /api/v1/control/: a router per sub-domain, with the pages' permissions."""

from ninja import Router

router = Router(tags=["control"])

# Accidents, incidents and injuries (315 cl.4.12); prescriptions of the state authority (315 cl.26.3)
from .accidents import router as accidents_router  # noqa: E402
from .state_prescriptions import router as state_prescriptions_router  # noqa: E402

router.add_router("/accidents", accidents_router)
router.add_router("/state-prescriptions", state_prescriptions_router)
