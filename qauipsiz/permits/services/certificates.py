"""Admission certificates (Annex 3, 344 cl.17-18): drawn up, then signed by the head of the shop and by the
contractor's representative; each measure signed as carried out by its executor; cancelled with a reason. All four are
declared acts (`acts.CERTIFICATE_ACTS`) performed through `qauipsiz.acts`."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, organisations_for
from qauipsiz.acts.perform import perform
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.ledger import services as ledger

from ..acts import CERTIFICATE_ACTS, CertificateAct, CertificateParty
from ..choices import CertificateStatus
from ..content import certificate_content
from ..gatekeeper import person_of
from ..models import AdmissionCertificate, CertificateMeasure
from .common import Credentials, _log, _now


def _check_certificate(certificate) -> None:
    problems = []
    if certificate.crossed_by_communications:
        problems.append(_("live power lines, gas, heat, oil or acid pipelines or other communications cross the site"))
    if certificate.machines_working:
        problems.append(_("technological machines and mechanisms are working on the site"))
    if problems:
        raise ActionRefused(_("The site cannot be handed over by an admission certificate (344 cl.18): %(problems)s.")
                            % {"problems": "; ".join(problems)})


@transactions.atomic
def certificate_create(*, by, certificate, measures: Iterable[tuple]):
    """A draft certificate with its measures table (number, measure, deadline, executor). A row is (text, deadline,
    executor) and optionally the executor as a person and whether it is due before the start of work (Annex 3)."""
    if not organisations_for(by, Action.ADD, AdmissionCertificate).filter(pk=certificate.organisation_id).exists():
        raise PermissionDenied(_("You are not allowed to draw up admission certificates here."))
    for field in ("division", "shop_head", "contractor", "contractor_rep"):
        if getattr(certificate, field).organisation_id != certificate.organisation_id:
            raise ValidationError({field: _("This belongs to another organisation.")})
    if certificate.contractor_rep.contractor_id != certificate.contractor_id:
        raise ValidationError({"contractor_rep": _("The representative must work for the contractor.")})
    certificate.status = CertificateStatus.DRAFT
    certificate.full_clean(exclude=["number", "year"])
    _check_certificate(certificate)
    certificate.save()
    role = acting_role(by, Action.ADD, AdmissionCertificate, certificate.organisation_id)
    _log(by=by, role=role, event="created", obj=certificate)
    for number, (text, deadline, executor, *more) in enumerate(measures, start=1):
        person, before_start = (list(more) + [None, False])[:2]
        if person is not None and person.organisation_id != certificate.organisation_id:
            raise ValidationError({"measures": _("This belongs to another organisation.")})
        row = CertificateMeasure(certificate=certificate, number=number, text=text.strip(), deadline=deadline,
                                 executor=executor.strip(), executor_person=person, before_start=bool(before_start))
        row.full_clean()
        row.save()
        _log(by=by, role=role, event="created", obj=row)
    return certificate


def _party_of(person, certificate) -> str | None:
    if person is not None and person.pk == certificate.shop_head_id:
        return CertificateParty.SHOP_HEAD
    if person is not None and person.pk == certificate.contractor_rep_id:
        return CertificateParty.CONTRACTOR_REP
    return None


class CertificateActs:
    """The certificates' answers to `perform()`: the person the certificate names signs, in the order of Annex 3."""

    def lock(self, certificate, declaration):
        return AdmissionCertificate.objects.select_for_update(no_key=True, of=("self",)).select_related("division").get(
            pk=certificate.pk)

    def gate(self, user, declaration, certificate) -> str:
        if declaration.party == CertificateParty.MEASURE_EXECUTOR:
            role = _measure_gate(user, certificate)
            if certificate.status not in declaration.sources:
                raise ActionRefused(_("A measure is signed as carried out once the head of the shop has signed the "
                                      "certificate, and not on a cancelled certificate (Annex 3)."))
            return role
        if declaration.party == CertificateParty.EITHER:
            party = _party_of(person_of(user), certificate)
            if party is None:
                raise PermissionDenied(_("Only the head of the shop and the contractor's representative cancel the "
                                         "certificate."))
            if certificate.status not in declaration.sources:
                raise ActionRefused(_("The certificate is already cancelled."))
            return _PARTY_ROLES[party]
        if _party_of(person_of(user), certificate) != declaration.party:
            raise PermissionDenied(_("Only the head of the shop and the contractor's representative sign the "
                                     "certificate."))
        if certificate.status not in declaration.sources:
            raise ActionRefused(_("The certificate is signed first by the head of the shop, then by the contractor's "
                                  "representative."))
        return declaration.extra["signature_role"]

    def signer_person(self, certificate, name):
        raise LookupError("a certificate has no co-signer: each party signs in turn")

    def signer_person_id(self, record, name):
        return self.signer_person(record, name)

    def signer_role(self, certificate, person) -> str:
        raise LookupError("a certificate has no co-signer")

    def content(self, certificate, declaration, subject) -> dict:
        content = certificate_content(certificate)
        if declaration.code == CertificateAct.COMPLETE_MEASURE:
            content["measure_done"] = subject.number
        elif declaration.code == CertificateAct.CANCEL:
            content["cancel_reason"] = subject
        return content

    def sign_scope(self, certificate):
        return certificate.organisation_id, certificate.division, "permits.admissioncertificate"

    def notify(self, certificate, declaration, notice) -> None:
        raise LookupError("certificate acts declare no notices")


CERTIFICATES = CertificateActs()
_PARTY_ROLES = {CertificateParty.SHOP_HEAD: "division_head", CertificateParty.CONTRACTOR_REP: "contractor_rep"}


def _measure_gate(user, certificate) -> str:
    """Annex 3: the executor named on the row signs it; a row naming nobody is signed by one of the two parties.
    Which row is checked by the service's guard, under the lock; here only that the user may sign some row."""
    person = person_of(user)
    party = _party_of(person, certificate)
    if party is not None:
        return _PARTY_ROLES[party]
    if person is not None and certificate.measures.filter(executor_person=person).exists():
        return "crew_member"
    raise PermissionDenied(_("Only the executor of the measure, the head of the shop or the contractor's "
                             "representative sign a measure of the certificate as carried out."))


def _guard(context) -> None:
    _check_certificate(context.record)
    if context.record.ends_on < timezone.localdate():
        raise ActionRefused(_("The period of the certificate is over: draw up a certificate for a new term (Annex 3)."))


def _change(context):
    certificate, declaration = context.record, context.declaration
    setattr(certificate, declaration.extra["signed_at"], _now())
    certificate.status = declaration.target
    if certificate.status == CertificateStatus.ACTIVE:
        certificate.year = timezone.localdate().year
        certificate.number = ledger.number_next(organisation_id=certificate.organisation_id,
                                                register="admission_certificate", year=certificate.year)
    certificate.save()
    _log(by=context.by, role=context.role, event="signed", obj=certificate)
    return certificate


def certificate_sign(*, certificate, by, credentials: Credentials):
    """Annex 3: signed by the head of the shop, then by the contractor's representative; it is then in force."""
    party = _party_of(person_of(by), certificate)
    if party is None:
        raise PermissionDenied(_("Only the head of the shop and the contractor's representative sign the certificate."))
    act = CertificateAct.SIGN_AS_SHOP_HEAD if party == CertificateParty.SHOP_HEAD else CertificateAct.SIGN_AS_CONTRACTOR
    return perform(CERTIFICATE_ACTS[act], domain=CERTIFICATES, record=certificate, by=by,
                   credentials={"credentials": credentials}, guard=_guard, change=_change)


def certificate_measure_complete(*, measure: CertificateMeasure, by, credentials: Credentials) -> CertificateMeasure:
    """Annex 3: a measure of the certificate signed as carried out by its executor (or, none named, by the head of
    the shop or the contractor's representative), once; the certificate must not be a draft or cancelled."""
    def guard(context):
        locked = CertificateMeasure.objects.select_for_update(no_key=True).get(pk=measure.pk)
        if locked.done_at is not None:
            raise ActionRefused(_("This measure is already signed as carried out."))
        person = person_of(by)
        if locked.executor_person_id is not None and (person is None or person.pk != locked.executor_person_id):
            raise PermissionDenied(_("Only %(person)s, the executor of this measure, signs it as carried out.")
                                   % {"person": locked.executor_person})
        if locked.executor_person_id is None and _party_of(person, context.record) is None:
            raise PermissionDenied(_("Only the executor of the measure, the head of the shop or the contractor's "
                                     "representative sign a measure of the certificate as carried out."))
        context.values.update(measure=locked, subject=locked)

    def change(context):
        row = context.values["measure"]
        row.done_at, row.done_by = _now(), person_of(by)
        row.save(update_fields=["done_at", "done_by"])
        _log(by=by, role=context.role, event="measure_done", obj=row)
        return row

    return perform(CERTIFICATE_ACTS[CertificateAct.COMPLETE_MEASURE], domain=CERTIFICATES,
                   record=measure.certificate, by=by, credentials={"credentials": credentials}, guard=guard,
                   change=change, subject=lambda certificate: measure)


def certificate_cancel(*, certificate, by, reason: str, credentials: Credentials):
    """Annex 3: the certificate is cancelled, with its reason, by the head of the shop or the contractor's
    representative; from then on it covers no permit (344 cl.17)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the certificate.")})

    def change(context):
        record = context.record
        record.status, record.cancelled_at, record.cancel_reason = CertificateStatus.CANCELLED, _now(), reason
        record.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        _log(by=by, role=context.role, event="cancelled", obj=record)
        return record

    return perform(CERTIFICATE_ACTS[CertificateAct.CANCEL], domain=CERTIFICATES, record=certificate, by=by,
                   credentials={"credentials": credentials}, change=change, subject=lambda record: reason)


def certificate_act_content(certificate, act: str, subject=None) -> dict:
    """What an act of the certificate signs (the page shows it, an ЭЦП signs it): `subject` is the measure signed
    done or the reason for cancelling."""
    return CERTIFICATES.content(certificate, CERTIFICATE_ACTS[CertificateAct(act)], subject)
