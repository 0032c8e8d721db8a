"""The organisation's policy on one person holding two parts of one permit (344 cl.19; the law is silent), through
the API: the whole matrix, the whole matrix replaced (PUT) or some pairs changed (PATCH), for the head of the
organisation, a production-control official and a system administrator, through the page's service."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from qauipsiz.core.api import RecordId

from .. import services
from ..choices import HoldingPolicy, PermitPart
from ..services.parts_policy import DEFAULT_POLICY, part_pairs
from .common import READ_ERRORS, WRITE_ERRORS, router


class PairPolicyOut(Schema):
    first: PermitPart
    second: PermitPart
    first_label: str
    second_label: str
    policy: HoldingPolicy
    policy_label: str
    is_default: bool = Field(..., description="The organisation has not decided this pair: the default applies.")


class PartsPolicyOut(Schema):
    organisation: int
    default: HoldingPolicy = Field(..., description="The policy of a pair the organisation has not decided.")
    items: list[PairPolicyOut]


class PairPolicyIn(Schema):
    first: PermitPart
    second: PermitPart
    policy: HoldingPolicy


class PartsPolicyIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the first organisation the caller may set it in.")
    items: list[PairPolicyIn] = Field(..., max_length=len(part_pairs()) * 2)


class OrganisationQuery(Schema):
    organisation: RecordId | None = None


def _body(organisation_id: int, items: list[dict]) -> dict:
    return {"organisation": organisation_id, "default": DEFAULT_POLICY, "items": items}


@router.get("/parts-policy", response={200: PartsPolicyOut, **READ_ERRORS}, operation_id="permits_parts_policy_read",
            summary="The policy on one person holding two parts of one permit, per pair (344 cl.19)")
def parts_policy_read(request, query: Query[OrganisationQuery]):
    organisation = services.policy_organisation(request.auth, query.organisation)
    return _body(organisation.pk, services.parts_policies(organisation.pk))


def _set(request, payload: PartsPolicyIn, *, whole: bool):
    organisation = services.policy_organisation(request.auth, payload.organisation)
    changes = [(item.first.value, item.second.value, item.policy.value) for item in payload.items]
    if whole and sorted(tuple(sorted(c[:2])) for c in changes) != sorted(tuple(sorted(p)) for p in part_pairs()):
        raise ValidationError({"items": [_("Give every pair of parts once: %(count)s pairs.")
                                         % {"count": len(part_pairs())}]})
    return _body(organisation.pk, services.parts_policy_set(by=request.auth, organisation_id=organisation.pk,
                                                            changes=changes))


@router.put("/parts-policy", response={200: PartsPolicyOut, **WRITE_ERRORS},
            operation_id="permits_parts_policy_replace", summary="Set the policy of every pair of parts (344 cl.19)")
def parts_policy_replace(request, payload: PartsPolicyIn):
    return _set(request, payload, whole=True)


@router.patch("/parts-policy", response={200: PartsPolicyOut, **WRITE_ERRORS},
              operation_id="permits_parts_policy_update", summary="Set the policy of some pairs of parts (344 cl.19)")
def parts_policy_update(request, payload: PartsPolicyIn):
    return _set(request, payload, whole=False)
