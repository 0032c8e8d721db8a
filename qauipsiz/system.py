"""Pages that belong to no domain: the health check and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache


@never_cache
@login_not_required
def healthz(request):
    """200 while the database answers, 503 otherwise: for load balancers and monitoring.

    A connection lost since the last request (the database restarted) is not the database being down: the check
    reconnects once before it says so."""
    for attempt in range(2):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:  # noqa: BLE001 - any database failure means "not healthy"
            if attempt == 0 and not connection.in_atomic_block:
                connection.close()
                continue
            return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: whatever broke the page may also break the context processors.
    return HttpResponseServerError(loader.get_template("500.html").render())
