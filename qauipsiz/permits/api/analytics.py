"""Permit analytics through the API (issue 11): `GET /api/v1/permits/analytics`, the figures of the page with its
filters and its permissions (`analytics.may_read`: 403 for a crew member; a division or work type the caller does not
see answers 404)."""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.api import RecordId
from qauipsiz.core.models import Division

from .. import analytics
from ..models import WorkType
from .common import READ_ERRORS, router


def _period(value: int) -> int:
    if value not in analytics.PERIODS:
        raise PydanticCustomError("period", "The period is one of {periods} months.",
                                  {"periods": ", ".join(map(str, analytics.PERIODS))})
    return value


# The page's periods; a query string brings them as text, which an int with a check reads (a Literal would not).
Months = Annotated[int, AfterValidator(_period)]


class AnalyticsFilters(Schema):
    months: Months = Field(analytics.DEFAULT_MONTHS, json_schema_extra={"enum": list(analytics.PERIODS)},
                           description="The period: the last N local months, the current one last.")
    division: RecordId | None = Field(None, description="The division, any division under it, or taking part.")
    work_type: RecordId | None = None


class SeriesOut(Schema):
    key: str = Field(description="A status, a record id, or \"other\" for the rest together.")
    label: str
    values: list[int] = Field(description="One count per month, in the order of `months`.")


class HistogramBinOut(Schema):
    low: int = Field(description="Hours, inclusive.")
    high: int | None = Field(description="Hours, exclusive; none for the last bin.")
    count: int


class AdmissionOut(Schema):
    median_hours: list[float | None]
    p90_hours: list[float | None]
    admissions: list[int]
    histogram: list[HistogramBinOut]


class AnalyticsOut(Schema):
    months: list[datetime.date] = Field(description="The first day of each local month (Asia/Almaty).")
    by_state: list[SeriesOut]
    by_work_type: list[SeriesOut]
    by_division: list[SeriesOut]
    lapses: list[int] = Field(description="Permits lapsed per month (344 cl.6).")
    admission: AdmissionOut = Field(description="Hours from issue to admission, by the month of the admission.")


@router.get("/analytics", response={200: AnalyticsOut, **READ_ERRORS}, operation_id="permits_analytics",
            summary="Permit analytics: permits by state, work type and division per month, lapses, issue to admission",
            description="The figures of the page Permit analytics, for the permits the caller sees. States are read as "
                        "the list reads them (lapsed the moment the validity passes, 344 cl.6). Permits count in the "
                        "month they were drawn up; lapses in the month they lapsed; the hours from issue to "
                        "admission in the month of the admission.")
def permit_analytics(request, filters: Query[AnalyticsFilters]):
    user = request.auth
    if not analytics.may_read(user):
        raise PermissionDenied
    division = (get_object_or_404(visible_to(user, Division), pk=filters.division)
                if filters.division is not None else None)
    work_type = (get_object_or_404(visible_to(user, WorkType), pk=filters.work_type)
                 if filters.work_type is not None else None)
    return analytics.figures(user, analytics.Filters(months=filters.months, division=division, work_type=work_type))
