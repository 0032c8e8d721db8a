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
