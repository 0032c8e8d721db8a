"""The reads of the prescriptions of the state authority (315 cl.26.3) the list, export, API and home panel share."""

from django.db.models import Case, Count, IntegerField, Q, When
from django.utils import timezone

from qauipsiz.accounts.policy import visible_to

from .choices import PrescriptionStatus
from .models import StatePrescription, StatePrescriptionItem


def list_queryset(user):
    today = timezone.localdate()
    return (visible_to(user, StatePrescription, StatePrescription.objects.all()).select_related("facility")
            .annotate(item_count=Count("items", distinct=True),
                      open_count=Count("items", filter=Q(items__status=PrescriptionStatus.OPEN), distinct=True),
                      overdue_first=Case(When(status=PrescriptionStatus.OPEN, next_deadline__lt=today, then=0),
                                         When(status=PrescriptionStatus.OPEN, then=1), default=2,
                                         output_field=IntegerField())))


def filtered(user, *, q: str = "", state: str = "", facility=None):
    today = timezone.localdate()
    prescriptions = list_queryset(user)
    if q:
        prescriptions = prescriptions.filter(Q(number__icontains=q) | Q(issuing_body__icontains=q)
                                             | Q(items__violation__icontains=q)).distinct()
    if state == "open":
        prescriptions = prescriptions.filter(status=PrescriptionStatus.OPEN)
    elif state == "overdue":
        prescriptions = prescriptions.filter(status=PrescriptionStatus.OPEN, next_deadline__lt=today)
    elif state == "done":
        prescriptions = prescriptions.filter(status=PrescriptionStatus.DONE)
    if facility:
        prescriptions = prescriptions.filter(facility=facility)
    return prescriptions.order_by("overdue_first", "next_deadline", "-issued_on", "-pk")


def detail_queryset(user):
    return (visible_to(user, StatePrescription, StatePrescription.objects.all())
            .select_related("facility", "registered_by")
            .prefetch_related("items__executor", "items__clause__act", "items__edition__amending_act",
                              "items__evidence"))


def open_for_panel(user, limit: int = 10):
    """Open prescriptions, overdue first (the home panel)."""
    return list(filtered(user, state="open")[:limit])


def item_queryset(user):
    return visible_to(user, StatePrescriptionItem, StatePrescriptionItem.objects.select_related("prescription"))
