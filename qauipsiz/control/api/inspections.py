"""API of the inspections sub-domain under /api/v1/control/ (315)."""

from ninja import Router

router = Router(tags=["control"])
