"""The production-control API under /api/v1/control/: a router per sub-domain, with the pages' permissions."""

from ninja import Router

router = Router(tags=["control"])

from .removal import router as removal_router  # noqa: E402

router.add_router("/removal", removal_router)
