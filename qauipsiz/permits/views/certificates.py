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
from qauipsiz.core.models import Person
from qauipsiz.core.views import note_view
from qauipsiz.ledger.signatures import signatures_of

from .. import forms, services
from ..choices import CertificateStatus
from ..downloads import UnknownLanguage, certificate_file
from ..filters import CertificateFilterSet
from ..gatekeeper import person_of, visible_certificates, visible_permits
from ..models import AdmissionCertificate, CertificateMeasure
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
    formset = forms.CertificateMeasureFormSet(
        form_data(request), prefix="measures",
        form_kwargs={"people": Person.objects.filter(organisation__in=organisations, is_active=True)})
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


def _certificate_party(user, certificate) -> bool:
    person = person_of(user)
    return person is not None and person.pk in (certificate.shop_head_id, certificate.contractor_rep_id)


def _signable_measures(user, certificate) -> set[int]:
    """Annex 3: the rows the user signs as carried out now: his own, or, as a party, those naming nobody."""
    if certificate.status not in (CertificateStatus.SIGNED_BY_SHOP, CertificateStatus.ACTIVE):
        return set()
    person = person_of(user)
    if person is None:
        return set()
    party = _certificate_party(user, certificate)
    return {m.pk for m in certificate.measures.all() if m.done_at is None
            and (m.executor_person_id == person.pk or (party and m.executor_person_id is None))}


@require_GET
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    note_view(request, certificate)
    today = timezone.localdate()
    return render(request, "permits/certificate_detail.html", {
        "certificate": certificate,
        "measures": list(certificate.measures.select_related("executor_person", "done_by")),
        "signatures": list(signatures_of(certificate)), "expired": certificate.ends_on < today,
        "can_sign": _certificate_signer(request.user, certificate),
        "can_cancel": _certificate_party(request.user, certificate) and certificate.status != CertificateStatus.CANCELLED,
        "signable_measures": _signable_measures(request.user, certificate),
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


def _certificate_act_page(request, certificate, *, form, template, act, subject, run, done):
    """The page of a certificate act: GET shows what is signed, POST performs it (409 refused, 422 invalid)."""
    back = reverse("permits:certificate-detail", args=[certificate.pk])
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                run(form)
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                show_error(form, error)
                status = 422
            else:
                messages.success(request, done)
                return redirect(back)
    return render(request, template, {
        "certificate": certificate, "form": form, "subject": subject,
        "sign_content": services.certificate_act_content(certificate, act, subject)}, status=status)


def certificate_measure_complete(request, pk: int, measure_pk: int):
    """Annex 3: a measure of the certificate signed as carried out."""
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    measure = get_object_or_404(CertificateMeasure.objects.select_related("executor_person"), pk=measure_pk,
                                certificate=certificate)
    if request.method != "POST" and measure.pk not in _signable_measures(request.user, certificate):
        if measure.done_at is not None or certificate.status not in (CertificateStatus.SIGNED_BY_SHOP,
                                                                     CertificateStatus.ACTIVE):
            return refused(request, ActionRefused(_("This measure cannot be signed as carried out now.")),
                           back=reverse("permits:certificate-detail", args=[certificate.pk]))
        raise PermissionDenied(_("Only the executor of the measure, the head of the shop or the contractor's "
                                 "representative sign a measure of the certificate as carried out."))
    return _certificate_act_page(
        request, certificate, form=forms.SignOnlyForm(form_data(request)),
        template="permits/certificate_measure_done.html", act="complete_measure", subject=measure,
        run=lambda form: services.certificate_measure_complete(measure=measure, by=request.user,
                                                               credentials=form.credentials()),
        done=_("The measure was signed as carried out."))


def certificate_cancel(request, pk: int):
    """Annex 3: the certificate cancelled with its reason by the head of the shop or the contractor's
    representative."""
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    if not _certificate_party(request.user, certificate):
        raise PermissionDenied(_("Only the head of the shop and the contractor's representative cancel the "
                                 "certificate."))
    if request.method != "POST" and certificate.status == CertificateStatus.CANCELLED:
        return refused(request, ActionRefused(_("The certificate is already cancelled.")),
                       back=reverse("permits:certificate-detail", args=[certificate.pk]))
    form = forms.CertificateCancelForm(form_data(request))
    reason = form.data.get("reason", "") if form.is_bound else ""
    return _certificate_act_page(
        request, certificate, form=form, template="permits/certificate_cancel.html", act="cancel",
        subject=reason.strip(),
        run=lambda form: services.certificate_cancel(certificate=certificate, by=request.user,
                                                     reason=form.cleaned_data["reason"],
                                                     credentials=form.credentials()),
        done=_("The admission certificate was cancelled."))
