"""What the production-control register of accidents asks of the permits, by name (`qauipsiz.domains.service`), so
that control never imports permits (the layers of docs/architecture.md):

- `permits.link_accident`: link a permit (by id, or by its number "12/2026") to an accident record: the permanent
  hold of 344 cl.15 ¶2 (`services.permit_link_accident`), the permit then kept in the archive for good;
- `permits.permits_at`: the permits of a facility, place and period the user may see, as plain dicts, for the picker;
- `permits.permit_info`: a linked permit's number, status and address, for the accident page (only those the user
  may see).

Every answer is plain data (dicts of str and int), never a Permit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .gatekeeper import visible_permits
from .models import Permit
from .services.archive import archive_holds, permit_link_accident


def _as_dict(permit: Permit, *, archived: bool | None = None) -> dict:
    return {"id": permit.pk, "number": permit.display_number, "label": str(permit), "status": permit.status,
            "status_label": str(permit.get_status_display()), "place": permit.place,
            "facility_id": permit.facility_id, "location_id": permit.location_id,
            "planned_start": permit.planned_start, "planned_end": permit.planned_end,
            "url": reverse("permits:detail", args=[permit.pk]),
            "archived": bool(archive_holds(permit).exists()) if archived is None else archived}


def _find(user, organisation_id: int, permit_id=None, number: str = "") -> Permit:
    permits = visible_permits(user, Permit.objects.filter(organisation_id=organisation_id))
    if permit_id:
        found = permits.filter(pk=permit_id).first()
    else:
        text = (number or "").strip().lstrip("№").strip()
        digits, _slash, year = text.partition("/")
        if not digits.isdigit() or (year and not year.isdigit()):
            raise ValidationError({"permit": _("Give the permit's number as on the form, e.g. 12/2026.")})
        found = permits.filter(number=int(digits), **({"year": int(year)} if year else {})).order_by("-year").first()
    if found is None:
        raise ValidationError({"permit": _("No work permit of the organisation you may see has this number.")})
    return found


def link_accident(*, by, organisation_id: int, accident: str, reason: str, permit_id: int | None = None,
                  number: str = "") -> dict:
    """Link the permit to the accident record `accident` (its reference); the permit as a dict."""
    permit = _find(by, organisation_id, permit_id, number)
    permit_link_accident(permit=permit, by=by, accident=accident, reason=reason)
    return _as_dict(permit, archived=True)


def permits_at(*, user, organisation_id: int, facility_id: int | None = None, location_id: int | None = None,
               start: datetime.datetime | None = None, end: datetime.datetime | None = None,
               limit: int = 50) -> list[dict]:
    """The issued permits (a draft had no work) of the facility or place, whose planned period meets [start, end]."""
    permits = visible_permits(user, Permit.objects.filter(organisation_id=organisation_id, number__isnull=False))
    if location_id:
        permits = permits.filter(Q(location_id=location_id) | Q(location__parent_id=location_id)
                                 | Q(location__areas__id=location_id)
                                 | Q(location__isnull=True, facility__locations__id=location_id))
    elif facility_id:
        permits = permits.filter(facility_id=facility_id)
    if start is not None:
        permits = permits.filter(planned_end__gte=start)
    if end is not None:
        permits = permits.filter(planned_start__lte=end)
    return [_as_dict(p, archived=False) for p in permits.distinct().order_by("-planned_start", "-pk")[:limit]]


def permit_info(*, user, permit_ids) -> dict[int, dict]:
    """The permits of `permit_ids` the user may see, by id."""
    permits = visible_permits(user, Permit.objects.filter(pk__in=list(permit_ids)))
    return {p.pk: _as_dict(p) for p in permits}
