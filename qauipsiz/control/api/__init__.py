"""The production-control API under /api/v1/control/: a router per sub-domain, with the pages' permissions."""

from ninja import Router

router = Router(tags=["control"])

from .legal import router as legal_router  # noqa: E402  (the sub-domains' routers hang under this one)

router.add_router("/legal", legal_router)
