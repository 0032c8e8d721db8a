"""Permit analytics (issue 11): charts of the permits the user sees, for those who answer for the work and those who
issue permits. The figures are `analytics.figures`, the drawing `charts.page_charts`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import analytics, charts
from ..forms.analytics import AnalyticsFilterForm


@require_GET
def analytics_page(request):
    if not analytics.may_read(request.user):
        raise PermissionDenied
    form = AnalyticsFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else analytics.Filters()
    figures = analytics.figures(request.user, filters)
    return render(request, "permits/analytics.html", {"form": form, "charts": charts.page_charts(figures),
                                                       "filters": filters})
