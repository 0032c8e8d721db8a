"""The production-control API under /api/v1/control/: a router per sub-domain, with the pages' permissions."""

from ninja import Router

router = Router(tags=["control"])

# The people of production control (315 cl.3, cl.6.6).
from .people import router as people_router  # noqa: E402

router.add_router("/people", people_router)

from .regulation import router as regulation_router  # noqa: E402  (each sub-domain's router, after the root)

router.add_router("/", regulation_router)

from .removal import router as removal_router  # noqa: E402

router.add_router("/removal", removal_router)

# Accidents, incidents and injuries (315 cl.4.12); prescriptions of the state authority (315 cl.26.3)
from .accidents import router as accidents_router  # noqa: E402
from .state_prescriptions import router as state_prescriptions_router  # noqa: E402

router.add_router("/accidents", accidents_router)
router.add_router("/state-prescriptions", state_prescriptions_router)

from .legal import router as legal_router  # noqa: E402  (the sub-domains' routers hang under this one)

router.add_router("/legal", legal_router)

# Plans (315 cl.4.1, cl.4.5, cl.26.1)
from .plans import router as plans_router  # noqa: E402

router.add_router("/plans", plans_router)
