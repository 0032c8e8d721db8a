"""344 cl.7, joint measures: "when several contractor organisations work at one site at the same time, before the work
permit is issued the customer organisation, together with the contractor organisations, develops additional labour
safety measures and indicates them in the permit given to the work performer of each organisation" (the Kazakh text).

- Several organisations: the performers' employers differ (the operating organisation's own staff, or a contractor's:
  `Person.contractor`). Two jobs of one performer, or of two performers of one organisation, are not cl.7's case.
- One site: the location hierarchy facility → unit → area (`core.Location`). Work at a facility as a whole meets all
  work in it, work at a unit meets the work at its areas; a shared technical device is always the same site. Without a
  facility, the workshop (division) is the site. The "place of work" text decides nothing.
- One time: the planned periods overlap.
- Before issue: a permit is not issued, nor admitted, while an issued permit of another organisation works at its site
  and time without an agreement that all parties signed. Drafts may be agreed in advance but block no one.
- Each party signs: the issuer of every permit concerned, and the customer (its issuer on a customer permit, or else the
  head of the division where the work is done). The measures enter the permits only when the last party has signed,
  so nothing is added to an issued permit without its own issuer's signature.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.models import Person

from ..acts import Act
from ..choices import ENDED_STATUSES, OPEN_STATUSES, JointStatus, MeasureCode, Status
from ..gatekeeper import person_of
from ..models import JointSignature, OverlapAgreement, Permit, PermitMeasure
from .common import Credentials, _log, _now, perform_act

OVERLAPPING_STATUSES = OPEN_STATUSES - {Status.COMPLETED}


def _same_site_q(permit: Permit) -> Q:
    """The permits at the same site as `permit` (facility → unit → area, or a shared device)."""
    location = permit.location
    if location is not None:
        at_or_above = [location.pk] + ([location.parent_id] if location.parent_id else [])
        same = (Q(location__in=at_or_above) | Q(location__parent=location.pk)
                | Q(facility=location.facility_id, location__isnull=True))
    elif permit.facility_id:
        same = Q(facility=permit.facility_id)
    else:
        same = Q(division=permit.division_id, facility__isnull=True)
    device_ids = [device.pk for device in permit.devices.all()] if permit.pk else []
    if device_ids:
        same |= Q(devices__in=device_ids)
    return same


def _other_organisation_q(permit: Permit) -> Q:
    """Permits whose performer works for another organisation than this permit's performer."""
    employer = permit.performer.contractor_id
    if employer is None:
        return Q(performer__contractor__isnull=False)
    return Q(performer__contractor__isnull=True) | ~Q(performer__contractor=employer)


def overlapping_permits(permit: Permit, *, drafts: bool = True):
    """344 cl.7: the permits of other organisations' performers at the same site at the same time; with `drafts`, the
    drafts too (they may be agreed in advance)."""
    statuses = OVERLAPPING_STATUSES | ({Status.DRAFT} if drafts else set())
    return (Permit.objects.filter(organisation=permit.organisation_id, status__in=statuses,
                                  planned_start__lt=permit.planned_end, planned_end__gt=permit.planned_start)
            .filter(_same_site_q(permit)).filter(_other_organisation_q(permit))
            .exclude(pk=permit.pk).distinct().select_related("contractor", "performer").order_by("number", "pk"))


def joint_candidates(permit: Permit):
    """The overlapping permits a new proposal may name: not those already joined with `permit` by a proposal awaiting
    signatures (it is signed or withdrawn first) or by an agreement all parties signed."""
    joined = Permit.objects.filter(overlap_agreements__permits=permit,
                                   overlap_agreements__status__in=[JointStatus.PROPOSED, JointStatus.AGREED])
    return overlapping_permits(permit).exclude(pk__in=joined.values("pk"))


def unresolved_overlaps(permit: Permit) -> list[Permit]:
    """The issued permits at the same site and time with which no agreement has been signed by all parties."""
    agreed = set(Permit.objects.filter(overlap_agreements__permits=permit,
                                       overlap_agreements__status=JointStatus.AGREED).values_list("pk", flat=True))
    return [other for other in overlapping_permits(permit, drafts=False) if other.pk not in agreed]


def open_joint_measures_elsewhere(permit: Permit) -> list[Permit]:
    """The other permits on which a measure agreed jointly with `permit` is not carried out yet."""
    return list(Permit.objects.filter(
        pk__in=PermitMeasure.objects.filter(joint__permits=permit, joint__status=JointStatus.AGREED,
                                            done_at__isnull=True).exclude(permit=permit).values("permit_id"))
        .exclude(status__in=ENDED_STATUSES).order_by("number", "pk"))


def agreements_of(permit: Permit) -> list[OverlapAgreement]:
    """The permit's agreements with who signs and who signed, newest first (the permit page)."""
    return list(permit.overlap_agreements.select_related("proposed_by", "withdrawn_by")
                .prefetch_related("signatures__signatory", "signatures__contractor", "permits__contractor"))


def signatories(permits: list[Permit], *, proposer: Person) -> list[tuple[Person, int | None]]:
    """Who signs for the agreement, with the contractor each signs for (None: the customer): the issuer of every
    permit concerned, and the customer's head of the division where the work is done if no permit is the customer's."""
    parties: dict[int, tuple[Person, int | None]] = {proposer.pk: (proposer, None)}
    for permit in permits:
        parties.setdefault(permit.issuer_id, (permit.issuer, permit.contractor_id))
        if permit.issuer_id == proposer.pk:
            parties[proposer.pk] = (proposer, permit.contractor_id)
    if all(contractor is not None for _person, contractor in parties.values()):
        head = permits[0].division.head
        if head is None or not head.is_active:
            raise ActionRefused(_("The customer signs the joint measures too (344 cl.7), but no head is recorded for "
                                  "%(division)s: record the head of the division in the register first.")
                                % {"division": permits[0].division})
        parties.setdefault(head.pk, (head, None))
    return list(parties.values())


def proposal_subject(measures: str, permit_ids: Iterable[int]) -> dict:
    """What each party signs: the measures and the permits they go into (344 cl.7)."""
    return {"type": "permits.overlapagreement", "measures": measures, "permits": sorted(set(permit_ids))}


def agreement_subject(agreement: OverlapAgreement) -> dict:
    return {**proposal_subject(agreement.measures, agreement.permits.values_list("pk", flat=True)), "id": agreement.pk}


def joint_measures_agree(*, permit: Permit, others: Iterable[Permit], by, measures: str,
                         credentials: Credentials | None = None) -> OverlapAgreement:
    """344 cl.7: the issuer of `permit` proposes additional joint measures for it and the `others` at the same site and
    time, and signs them; every other party then signs (`joint_measures_sign`)."""
    others = list(others)
    text = (measures or "").strip()

    def guard(context):
        if not text:
            raise ValidationError({"measures": _("Describe the additional joint measures.")})
        # The other permits' rows only (a division may have no head: PostgreSQL locks no outer join), in id order.
        locked = [Permit.objects.select_for_update(no_key=True, of=("self",))
                  .select_related("issuer", "division__head").get(pk=pk) for pk in sorted({o.pk for o in others})]
        overlapping = set(overlapping_permits(context.record).values_list("pk", flat=True))
        if not locked or any(o.pk not in overlapping for o in locked):
            raise ValidationError({"others": _("Choose permits of other organisations that work at the same site at "
                                               "the same time (344 cl.7).")})
        pending = set(joint_candidates(context.record).values_list("pk", flat=True))
        if any(o.pk not in pending for o in locked):
            raise ActionRefused(_("Joint measures with these permits are already proposed or agreed (344 cl.7): sign "
                                  "or withdraw the proposal awaiting signatures first."))
        concerned = [context.record, *locked]
        context.values.update(others=locked, parties=signatories(concerned, proposer=person_of(by)),
                              subject=proposal_subject(text, [p.pk for p in concerned]))

    def change(context):
        permit, role, now = context.record, context.role, _now()
        concerned = [permit, *context.values["others"]]
        agreement = OverlapAgreement.objects.create(organisation_id=permit.organisation_id, measures=text,
                                                    proposed_at=now, proposed_by=person_of(by))
        # One insert each, not one per permit or party: the act stays within its query budget however many meet.
        OverlapAgreement.permits.through.objects.bulk_create(
            [OverlapAgreement.permits.through(overlapagreement=agreement, permit=p) for p in concerned])
        _log(by=by, role=role, event="created", obj=agreement)
        proposer = person_of(by)
        signatures = JointSignature.objects.bulk_create([
            JointSignature(agreement=agreement, signatory=person, contractor_id=contractor_id,
                           signed_at=now if person.pk == proposer.pk else None)
            for person, contractor_id in context.values["parties"]])
        for signature in signatures:
            _log(by=by, role=role, event="created", obj=signature)
        _finish_if_signed(agreement, concerned, by=by, role=role, signatures=signatures)
        return agreement

    return perform_act(Act.ADD_JOINT_MEASURES, permit=permit, by=by, credentials=credentials, guard=guard,
                       change=change, subject=lambda record: proposal_subject(text, [record.pk, *(o.pk for o in others)]))


def _finish_if_signed(agreement: OverlapAgreement, concerned: list[Permit], *, by, role: str,
                      signatures: list[JointSignature]) -> None:
    """Once every party has signed, the measures enter every permit concerned that has not ended (344 cl.7)."""
    pending = [s for s in signatures if s.signed_at is None]
    agreement.entered_on, agreement.concerned = [], concerned
    agreement.to_sign_on = [p for p in concerned if any(s.signatory_id == p.issuer_id for s in pending)]
    if pending:
        return
    agreement.status, agreement.agreed_at = JointStatus.AGREED, _now()
    agreement.save(update_fields=["status", "agreed_at"])
    _log(by=by, role=role, event="agreed", obj=agreement)
    agreement.entered_on = [target for target in concerned if target.status not in ENDED_STATUSES]
    measures = PermitMeasure.objects.bulk_create([
        PermitMeasure(permit=target, code=MeasureCode.ADDITIONAL, text=agreement.measures, joint=agreement,
                      position=100) for target in agreement.entered_on])
    for measure in measures:
        _log(by=by, role=role, event="created", obj=measure)


def _locked_proposal(permit: Permit, agreement: OverlapAgreement) -> tuple[OverlapAgreement, list[Permit]]:
    locked = OverlapAgreement.objects.select_for_update(no_key=True).get(pk=agreement.pk)
    concerned = list(Permit.objects.select_for_update(no_key=True).filter(overlap_agreements=locked).order_by("pk"))
    if all(p.pk != permit.pk for p in concerned):
        raise ActionRefused(_("This agreement does not concern this permit."))
    if locked.status != JointStatus.PROPOSED:
        raise ActionRefused(_("These joint measures are no longer awaiting signatures: %(status)s.")
                            % {"status": JointStatus(locked.status).label})
    return locked, concerned


def joint_measures_sign(*, permit: Permit, agreement: OverlapAgreement, by,
                        credentials: Credentials | None = None) -> OverlapAgreement:
    """344 cl.7: one more party signs the joint measures; the last signature enters them in every permit concerned."""
    def guard(context):
        locked, concerned = _locked_proposal(context.record, agreement)
        person = person_of(by)
        signatures = list(locked.signatures.all())
        mine = next((s for s in signatures if s.signatory_id == person.pk), None)
        if mine is None:
            raise ActionRefused(_("You are not a party to these joint measures (344 cl.7)."))
        if mine.signed_at is not None:
            raise ActionRefused(_("You have already signed these joint measures; they await the other parties."))
        context.values.update(agreement=locked, concerned=concerned, signature=mine, signatures=signatures,
                              subject=proposal_subject(locked.measures, [p.pk for p in concerned]) | {"id": locked.pk})

    def change(context):
        locked, signature, role = context.values["agreement"], context.values["signature"], context.role
        signature.signed_at = _now()
        signature.save(update_fields=["signed_at"])
        _log(by=by, role=role, event="signed", obj=signature)
        _finish_if_signed(locked, context.values["concerned"], by=by, role=role,
                          signatures=context.values["signatures"])
        return locked

    return perform_act(Act.SIGN_JOINT_MEASURES, permit=permit, by=by, credentials=credentials, guard=guard,
                       change=change, subject=lambda permit: agreement_subject(agreement))


def joint_measures_withdraw(*, permit: Permit, agreement: OverlapAgreement, by, reason: str) -> OverlapAgreement:
    """A party that does not agree withdraws the proposal, with the reason; a new one can be proposed (344 cl.7)."""
    reason = (reason or "").strip()

    def guard(context):
        if not reason:
            raise ValidationError({"reason": _("Give the reason.")})
        locked, concerned = _locked_proposal(context.record, agreement)
        if not locked.signatures.filter(signatory=person_of(by)).exists():
            raise ActionRefused(_("You are not a party to these joint measures (344 cl.7)."))
        context.values.update(agreement=locked, concerned=concerned, subject=locked)

    def change(context):
        locked = context.values["agreement"]
        locked.status, locked.withdrawn_at, locked.withdrawn_by = JointStatus.WITHDRAWN, _now(), person_of(by)
        locked.withdrawal_reason = reason
        locked.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        _log(by=by, role=context.role, event="withdrawn", obj=locked)
        locked.concerned = [p for p in context.values["concerned"] if p.pk != context.record.pk]
        return locked

    return perform_act(Act.WITHDRAW_JOINT_MEASURES, permit=permit, by=by, guard=guard, change=change)
