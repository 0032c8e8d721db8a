"""The control room's board and "My tasks"."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import selectors
from ..filters import BoardFilterSet
from .wall import BOARD_HEADER, is_refresh, signed_in_or_disconnected


@login_not_required  # checked here: a refresh after the session ended answers 401, never the login page (issue 11)
@never_cache
@require_GET
def board(request):
    """The control room's board: open permits by status, refreshed every 30 seconds."""
    refused = signed_in_or_disconnected(request)
    if refused is not None:
        return refused
    queryset = selectors.board_queryset(request.user)
    filterset = BoardFilterSet(request.GET, queryset=queryset, request=request)
    permits = filterset.qs if filterset.is_valid() else queryset.none()
    now = timezone.now()
    columns = selectors.board_columns(permits, now)
    context = {"filterset": filterset, "columns": columns, "now": now, "query": request.GET.urlencode(),
               "total": sum(len(c["cards"]) for c in columns)}
    template = "permits/_board.html" if is_refresh(request) else "permits/board.html"
    response = render(request, template, context)
    response[BOARD_HEADER] = "fresh"
    return response


@require_GET
def my_tasks(request):
    return render(request, "permits/tasks.html", {"tasks": selectors.tasks_for(request.user)})
