"""Annex 3 of Order 344, the admission certificate: the site handed over, the work, the period, the measures table and
both signatures."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from qauipsiz.documents.marks import DASH, day, person_line, printed_at, when
from qauipsiz.documents.render import check_language, render_pdf

from ..choices import CertificateStatus
from ..models import AdmissionCertificate
from .signed import Filled, Signatures, signed
from .wording import form_wording

TEMPLATE = Path(__file__).resolve().parent / "certificate.typ"


def _certificate_signature(person, signature) -> Filled:
    if signature is None:
        return Filled(text=person_line(person), note=_("not signed yet"))
    return signed(person_line(person), signature)


def _measure_row(measure) -> dict:
    """Annex 3's row, with its deadline "before the start of work" and, once signed, who carried it out and when."""
    deadline = day(measure.deadline)
    if measure.before_start:
        deadline = _("before the start of work, %(day)s") % {"day": deadline}
    executor = measure.executor
    if measure.executor_person_id:
        executor = f"{executor} ({person_line(measure.executor_person)})"
    if measure.done_at:
        executor += "\n" + _("carried out %(when)s, signed: %(person)s") % {"when": when(measure.done_at),
                                                                           "person": person_line(measure.done_by)}
    return {"number": str(measure.number), "text": measure.text, "deadline": deadline, "executor": executor}


def certificate_context(certificate: AdmissionCertificate, *, language: str) -> dict:
    """Everything the certificate's template prints (call inside translation.override)."""
    form = form_wording(language)
    certificate = (AdmissionCertificate.objects
                   .select_related("organisation", "division", "shop_head", "contractor", "contractor_rep")
                   .prefetch_related("measures__done_by", "measures__executor_person").get(pk=certificate.pk))
    signatures = Signatures(certificate)
    banner = ""
    if certificate.status == CertificateStatus.DRAFT:
        banner = _("DRAFT — not valid for work")
    elif certificate.status == CertificateStatus.CANCELLED:
        banner = _("%(status)s — not valid for work") % {"status": certificate.get_status_display().upper()}
    title = str(certificate)
    return {
        "form": form,
        "title": title,
        "organisation": certificate.organisation.name,
        "division": certificate.division.name,
        "drawn_up_on": day(certificate.drawn_up_on),
        "status": certificate.get_status_display(),
        "banner": banner,
        "shop_head": person_line(certificate.shop_head),
        "site_bounds": certificate.site_bounds,
        "work_name": certificate.work_name,
        "contractor": certificate.contractor.name,
        "contractor_rep": person_line(certificate.contractor_rep),
        "starts_on": day(certificate.starts_on),
        "ends_on": day(certificate.ends_on),
        "measures": [_measure_row(m) for m in certificate.measures.all()],
        "cancelled": (_("Cancelled %(when)s: %(reason)s") % {"when": when(certificate.cancelled_at),
                                                              "reason": certificate.cancel_reason}
                      if certificate.cancelled_at else ""),
        "shop_signature": _certificate_signature(certificate.shop_head, signatures.last("annex3_shop_head")),
        "rep_signature": _certificate_signature(certificate.contractor_rep, signatures.last("annex3_contractor")),
        "printed_at": printed_at(),
        "dash": DASH,
        "words": {
            "status": _("Status"),
            "caption": _("%(title)s, printed %(when)s. A printed copy is for information: the electronic record is "
                         "authoritative.") % {"title": title, "when": printed_at()},
        },
    }


def certificate_pdf(certificate: AdmissionCertificate, *, language: str) -> bytes:
    """Annex 3 in `language`: the site handed over, the work, the period, the measures table and both signatures."""
    form_wording(language)
    check_language(language)
    with translation.override(language):
        context = certificate_context(certificate, language=language)
        return render_pdf(template=TEMPLATE, data=context, language=language)
