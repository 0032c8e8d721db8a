"""The control room's board and "My tasks"."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors
from ..filters import BoardFilterSet


@require_GET
def board(request):
    """The control room's board: open permits by status, refreshed every 30 seconds."""
    queryset = selectors.board_queryset(request.user)
    filterset = BoardFilterSet(request.GET, queryset=queryset, request=request)
    permits = filterset.qs if filterset.is_valid() else queryset.none()
    now = timezone.now()
    columns = selectors.board_columns(permits, now)
    context = {"filterset": filterset, "columns": columns, "now": now, "query": request.GET.urlencode(),
               "total": sum(len(c["cards"]) for c in columns)}
    template = "permits/_board.html" if request.htmx and not request.htmx.boosted else "permits/board.html"
    return render(request, template, context)


@require_GET
def my_tasks(request):
    return render(request, "permits/tasks.html", {"tasks": selectors.tasks_for(request.user)})
