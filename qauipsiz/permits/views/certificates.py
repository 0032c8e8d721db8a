"""Admission certificates (Annex 3, 344 cl.17-18)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.views import note_view
from qauipsiz.ledger.signatures import signatures_of

from .. import forms, services
from ..choices import CertificateStatus
from ..downloads import UnknownLanguage, certificate_file
from ..filters import CertificateFilterSet
from ..gatekeeper import person_of, visible_certificates, visible_permits
from ..models import AdmissionCertificate
from .common import LANGUAGES, form_data, language_of, refused, show_error, unknown_language


def _certificate_queryset():
    return AdmissionCertificate.objects.select_related("organisation", "division", "shop_head", "contractor",
                                                       "contractor_rep")


@require_GET
def certificate_list(request):
    queryset = visible_certificates(request.user, _certificate_queryset())
    filterset = CertificateFilterSet(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "permits/certificate_list.html", {
        "filterset": filterset, "page": page, "today": timezone.localdate(),
        "can_add": organisations_for(request.user, Action.ADD, AdmissionCertificate).exists()})


def certificate_create(request):
    organisations = organisations_for(request.user, Action.ADD, AdmissionCertificate)
    if not organisations.exists():
        raise PermissionDenied(_("You are not allowed to draw up admission certificates here."))
    form = forms.CertificateForm(form_data(request), organisations=organisations)
    formset = forms.CertificateMeasureFormSet(form_data(request), prefix="measures")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() & formset.is_valid():
            certificate = form.save(commit=False)
            try:
                certificate = services.certificate_create(by=request.user, certificate=certificate,
                                                          measures=forms.certificate_measures(formset))
            except ActionRefused as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("The admission certificate was drawn up."))
                return redirect("permits:certificate-detail", pk=certificate.pk)
    return render(request, "permits/certificate_form.html", {"form": form, "formset": formset}, status=status)


def _certificate_signer(user, certificate) -> bool:
    person = person_of(user)
    if person is None:
        return False
    return ((certificate.status == CertificateStatus.DRAFT and person.pk == certificate.shop_head_id)
            or (certificate.status == CertificateStatus.SIGNED_BY_SHOP and person.pk == certificate.contractor_rep_id))


@require_GET
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    note_view(request, certificate)
    today = timezone.localdate()
    return render(request, "permits/certificate_detail.html", {
        "certificate": certificate, "measures": list(certificate.measures.all()),
        "signatures": list(signatures_of(certificate)), "expired": certificate.ends_on < today,
        "can_sign": _certificate_signer(request.user, certificate),
        "permits": visible_permits(request.user, certificate.permits.all()).order_by("-year", "-number"),
        "languages": LANGUAGES})


def certificate_sign(request, pk: int):
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    back = reverse("permits:certificate-detail", args=[certificate.pk])
    form = forms.SignOnlyForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.certificate_sign(certificate=certificate, by=request.user, credentials=form.credentials())
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                show_error(form, error)
                status = 422
            else:
                messages.success(request, _("The admission certificate was signed."))
                return redirect(back)
    elif not _certificate_signer(request.user, certificate):
        person = person_of(request.user)
        if person is not None and person.pk in (certificate.shop_head_id, certificate.contractor_rep_id):
            return refused(request, ActionRefused(_("The certificate is signed first by the head of the shop, then by "
                                                    "the contractor's representative.")), back=back)
        raise PermissionDenied(_("Only the head of the shop and the contractor's representative sign the certificate."))
    return render(request, "permits/certificate_sign.html", {
        "certificate": certificate, "form": form,
        # Exactly what the service signs: an ЭЦП over anything else would be refused.
        "sign_content": services.certificate_content(certificate)}, status=status)


@require_GET
def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    try:
        language = language_of(request)
    except UnknownLanguage as error:
        return unknown_language(request, error)
    return certificate_file(request, request.user, certificate, language)
