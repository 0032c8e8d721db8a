"""The production-control API under /api/v1/control/: a router per sub-domain, with the pages' permissions."""

from ninja import Router

router = Router(tags=["control"])

# Plans (315 cl.4.1, cl.4.5, cl.26.1)
from .plans import router as plans_router  # noqa: E402

router.add_router("/plans", plans_router)
