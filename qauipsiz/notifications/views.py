"""The user's notices: read in the reader's language, marked as read one by one or all at once."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .models import Notice


def _link(request, notice: Notice) -> str:
    """The notice's page in the reader's language (the link was made in the language of whoever caused it)."""
    link = notice.link or ""
    if not link or not url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                       require_https=request.is_secure()):
        return ""
    # The addresses differ only by their language prefix (i18n_patterns, untranslated paths).
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    head, _slash, rest = link.lstrip("/").partition("/")
    if head in dict(settings.LANGUAGES) and language in dict(settings.LANGUAGES):
        return f"/{language}/{rest}"
    return link


@require_GET
def notice_list(request):
    show = request.GET.get("show", "all")
    notices = Notice.objects.filter(user=request.user).select_related("organisation")
    if show == "unread":
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"notice": n, "text": services.render(n.message, n.params), "link": _link(request, n)} for n in page]
    return render(request, "notifications/list.html", {
        "page": page, "rows": rows, "show": show, "unread": services.unread_count(request.user)})


@require_POST
def mark_read(request):
    ids = [int(value) for value in request.POST.getlist("notice") if value.isdigit()]
    count = services.mark_read(user=request.user, notice_ids=ids or None)
    messages.success(request, _("Marked as read: %(count)s.") % {"count": count})
    return redirect("notifications:list")


@require_POST
def notice_open(request, pk: int):
    """Mark one notice read and go to what it is about."""
    notice = get_object_or_404(Notice.objects.filter(user=request.user), pk=pk)
    services.mark_read(user=request.user, notice_ids=[notice.pk])
    return redirect(_link(request, notice) or "notifications:list")
