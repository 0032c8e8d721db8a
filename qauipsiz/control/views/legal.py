"""Pages of the change notices (315 cl.4.11): the officials' list, a notice with who acknowledged it and who has not,
the sending form, and a worker's own changes to acknowledge."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import may_act_on_type, visible_to
from qauipsiz.core.exports import download, table_workbook
from qauipsiz.core.forms import add_service_errors

from ..forms.legal import ChangeNoticeForm
from ..models.legal import ChangeNotice, ChangeNoticeRecipient
from ..services.legal import acknowledge_change, send_change_notice, sending_organisations


def notices_of(user):
    """The notices the user may see, each with its counts of recipients and of acknowledgements (one query)."""
    return visible_to(user, ChangeNotice).select_related(
        "edition__clause__act", "edition__amending_act", "division", "facility").annotate(
        recipients_count=Count("recipients"),
        acknowledged_count=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False)),
    ).order_by("-sent_at", "-id")  # Meta.ordering is not applied to an aggregated query


def acknowledgeable(user, pk: int) -> ChangeNoticeRecipient:
    """The receipt to acknowledge: the user's own, or one the user may read (an auditor, an official), which the
    service then refuses with 403 (nobody acknowledges for another); 404 for anyone else."""
    own = own_receipts(user).filter(pk=pk).first()
    if own is not None:
        return own
    return get_object_or_404(visible_to(user, ChangeNoticeRecipient), pk=pk)


def own_receipts(user):
    """The user's own receipts of change notices, the ones still to acknowledge first."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return ChangeNoticeRecipient.objects.none()
    return ChangeNoticeRecipient.objects.filter(person=person).select_related(
        "notice__edition__clause__act", "notice__edition__amending_act").order_by(
        F("acknowledged_at").desc(nulls_first=True), "-notice__sent_at", "-pk")


def notice_list(request):
    if not may_act_on_type(request.user, Action.VIEW, ChangeNotice):
        raise PermissionDenied(_("You are not allowed to view notices of changes to legal acts."))
    notices = notices_of(request.user)
    pending_only = request.GET.get("pending") == "1"
    if pending_only:
        notices = notices.filter(recipients__acknowledged_at__isnull=True).distinct()
    page = Paginator(notices, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "control/legal/notice_list.html", {
        "page": page, "pending_only": pending_only,
        "can_send": sending_organisations(request.user).exists()})


def notice_new(request):
    organisations = sending_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("Only a production-control official sends notices of changes to legal acts "
                                 "(315 cl.4.11)."))
    form = ChangeNoticeForm(request.POST or None, user=request.user, organisations=organisations,
                            initial={"edition": request.GET.get("edition")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = send_change_notice(
                by=request.user, organisation=data["organisation"], edition=data["edition"],
                access_roles=data["access_roles"], appointment_roles=data["appointment_roles"],
                division=data["division"], facility=data["facility"], message=data["message"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = notice.recipients.count()
            messages.success(request, ngettext("The notice was sent to %(n)s worker.",
                                               "The notice was sent to %(n)s workers.", count) % {"n": count})
            return redirect(notice.get_absolute_url())
    return render(request, "control/legal/notice_form.html", {"form": form})


def _recipients(notice):
    return notice.recipients.select_related("person__division").order_by(
        "person__last_name", "person__first_name", "pk")


def notice_detail(request, pk: int):
    notice = get_object_or_404(notices_of(request.user), pk=pk)
    recipients = list(_recipients(notice))
    return render(request, "control/legal/notice_detail.html", {
        "notice": notice,
        "acknowledged": [r for r in recipients if r.acknowledged_at],
        "pending": [r for r in recipients if not r.acknowledged_at]})


def notice_pending_xlsx(request, pk: int):
    """Who has not yet acknowledged the change: the list an official takes round the shop."""
    notice = get_object_or_404(notices_of(request.user), pk=pk)
    rows = ([r.person.full_name, r.person.position, r.person.division, notice.sent_at]
            for r in _recipients(notice).filter(acknowledged_at__isnull=True))
    header = [_("Worker"), _("Position"), _("Division"), _("Sent at")]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return download(table_workbook(_("Not acknowledged"), header, rows), f"change-notice-{notice.pk}-{stamp}.xlsx")


def my_changes(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    page = Paginator(own_receipts(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "control/legal/my_changes.html", {"page": page})


def receipt_detail(request, pk: int):
    # Only one's own: a worker of another division, or of another organisation, finds nothing here.
    receipt = get_object_or_404(own_receipts(request.user), pk=pk)
    return render(request, "control/legal/receipt_detail.html", {"receipt": receipt, "notice": receipt.notice,
                                                                  "edition": receipt.notice.edition})


@require_POST
def receipt_acknowledge(request, pk: int):
    receipt = acknowledgeable(request.user, pk)
    try:
        acknowledge_change(by=request.user, recipient=receipt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have acknowledged the change."))
    return redirect(receipt.get_absolute_url())
