"""The writes of the Regulation on production control (315 cl.5-6) and of its effectiveness criteria (cl.6.5).

- `regulation_start`: a new draft version, from the approved one's wording (or the default wording for a first one);
- `regulation_narrative_set`: the officials word a section the law leaves to the organisation (drafts only);
- `regulation_approve`: the head's signed act (`acts.REGULATION_APPROVE` through `perform()`): the text in every
  language and the SHA-256 of each language's PDF are frozen into the version and ledgered; the version approved
  before it is superseded;
- `criteria_defaults`, `criterion_create`, `criterion_update`, `criterion_set_active`: the criteria and targets.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, can
from qauipsiz.acts.perform import perform
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.services import record_create, record_set_active, record_update
from qauipsiz.documents.marks import signature_mark, user_label, when
from qauipsiz.ledger import services as ledger

from ..acts import CONTROL, REGULATION_APPROVE
from ..choices import CriterionDirection, CriterionMeasure, CriterionUnit, RegulationStatus
from ..documents.regulation import pdf_sha256, print_words, regulation_pdf
from ..models import EffectivenessCriterion, Regulation
from ..regulation_content import regulation_content
from ..regulation_texts import HEADINGS, LANGUAGES, NARRATIVES

EDITABLE_SECTIONS = tuple(NARRATIVES)
NARRATIVE_MAX = 5000


def _refuse_unless(by, action: str, obj) -> str:
    """The role `by` acts in, or PermissionDenied (the pages and the API check the same before calling)."""
    if not can(by, action, obj):
        raise PermissionDenied(_("You may not change the Regulation on production control."))
    return acting_role(by, action, type(obj), obj.organisation_id)


@transactions.atomic
def regulation_start(*, organisation, by) -> Regulation:
    """A new draft version. It starts from the wording of the version in force, else from the default wording; a
    second draft is refused while one is open."""
    probe = Regulation(organisation=organisation)
    role = acting_role(by, Action.ADD, Regulation, organisation.pk)
    if not role:
        raise PermissionDenied(_("You may not change the Regulation on production control."))
    # The organisation's row serialises two officials starting drafts at once (the one-draft constraint backs it).
    type(organisation)._default_manager.select_for_update(no_key=True).get(pk=organisation.pk)
    if Regulation.objects.filter(organisation=organisation, status=RegulationStatus.DRAFT).exists():
        raise ActionRefused(_("A draft of the Regulation is already being prepared: edit that one."))
    in_force = (Regulation.objects.filter(organisation=organisation, status=RegulationStatus.APPROVED)
                .order_by("-version").first())
    last = Regulation.objects.filter(organisation=organisation).aggregate(last=Max("version"))["last"] or 0
    narrative = dict(in_force.narrative) if in_force else {
        key: dict(texts) for key, texts in NARRATIVES.items()}
    probe.version, probe.based_on, probe.narrative = last + 1, in_force, narrative
    probe.save()
    ledger.append(organisation_id=organisation.pk, by=by, role=role, action="control.regulation.drafted", obj=probe)
    return probe


@transactions.atomic
def regulation_narrative_set(*, regulation: Regulation, by, section: str, texts: dict) -> Regulation:
    """The organisation's wording of one section, in each language (empty: the default wording is used)."""
    locked = Regulation.objects.select_for_update(no_key=True).get(pk=regulation.pk)
    role = _refuse_unless(by, Action.CHANGE, locked)
    if not locked.is_draft:
        raise ActionRefused(_("An approved version is frozen: start a new draft to change the wording."))
    if section not in EDITABLE_SECTIONS:
        raise ValidationError(_("This section is generated from the data and has no wording of its own."))
    cleaned = {}
    for language in LANGUAGES:
        text = str(texts.get(language) or "").strip()
        if len(text) > NARRATIVE_MAX:
            raise ValidationError(_("At most %(max)s characters in one language.") % {"max": NARRATIVE_MAX})
        cleaned[language] = text
    locked.narrative = {**locked.narrative, section: cleaned}
    locked.save(update_fields=["narrative", "updated_at"])
    ledger.append(organisation_id=locked.organisation_id, by=by, role=role,
                  action="control.regulation.narrative_changed", obj=locked)
    return locked


def _approval(signature, by, language: str) -> dict:
    with translation.override(language):
        return {"label": HEADINGS["approved"][language], "who": user_label(by),
                "at": when(signature.signed_at) if signature else when(timezone.now()),
                "mark": signature_mark(signature)}


def regulation_approve(*, record: Regulation, by, credentials: dict) -> Regulation:
    """315 cl.5: the head approves the Regulation. The text signed (its SHA-256 in the signature) is the one frozen."""

    def change(context):
        regulation = context.record
        content = regulation_content(regulation)
        signature = context.signatures[0] if context.signatures else None
        for language in LANGUAGES:
            doc = content["languages"][language]
            doc["approval"] = _approval(signature, by, language)
            doc["print"] = print_words(doc, language, approved=True)
        regulation.content = content
        regulation.pdf_sha256 = {language: pdf_sha256(regulation_pdf(regulation, language))
                                 for language in LANGUAGES}
        superseded = list(Regulation.objects.select_for_update(no_key=True).filter(
            organisation=regulation.organisation_id, status=RegulationStatus.APPROVED).order_by("pk"))
        for previous in superseded:
            previous.status = RegulationStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            ledger.append(organisation_id=previous.organisation_id, by=by, role=context.role,
                          action="control.regulation.superseded", obj=previous)
        regulation.status, regulation.approved_at, regulation.approved_by = (
            REGULATION_APPROVE.target, timezone.now(), by)
        regulation.save()
        ledger.append(organisation_id=regulation.organisation_id, by=by, role=context.role,
                      action="control.regulation.approved", obj=regulation)
        return regulation

    return perform(REGULATION_APPROVE, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   change=change)


# --- the effectiveness criteria (cl.6.5) ----------------------------------------------------------------------------

# What a new organisation starts from; the officials set their own targets.
DEFAULT_CRITERIA = (
    (CriterionMeasure.INSPECTIONS_ON_SCHEDULE, Decimal("100"), CriterionUnit.PERCENT, CriterionDirection.AT_LEAST,
     {"kk": "Кесте бойынша жүргізілген тексерулер үлесі", "ru": "Доля проверок, проведённых по графику",
      "en": "Share of inspections done against the schedule"}),
    (CriterionMeasure.PRESCRIPTIONS_ON_TIME, Decimal("95"), CriterionUnit.PERCENT, CriterionDirection.AT_LEAST,
     {"kk": "Мерзімінде орындалған нұсқамалар үлесі", "ru": "Доля предписаний, выполненных в срок",
      "en": "Share of prescriptions closed on time"}),
    (CriterionMeasure.REPEAT_VIOLATIONS, Decimal("5"), CriterionUnit.PERCENT, CriterionDirection.AT_MOST,
     {"kk": "Қайталанған бұзушылықтар үлесі", "ru": "Доля повторных нарушений",
      "en": "Share of repeat violations"}),
    (CriterionMeasure.MEAN_ELIMINATION_DAYS, Decimal("30"), CriterionUnit.DAYS, CriterionDirection.AT_MOST,
     {"kk": "Бұзушылықты жоюдың орташа мерзімі", "ru": "Средний срок устранения нарушения",
      "en": "Mean time to eliminate a violation"}),
)


@transactions.atomic
def criteria_defaults(*, organisation, by) -> list[EffectivenessCriterion]:
    """The default criteria, for an organisation that has none yet (a second call adds nothing)."""
    type(organisation)._default_manager.select_for_update(no_key=True).get(pk=organisation.pk)
    if EffectivenessCriterion.objects.filter(organisation=organisation).exists():
        return []
    created = []
    for position, (measure, target, unit, direction, names) in enumerate(DEFAULT_CRITERIA, start=1):
        created.append(record_create(by=by, instance=EffectivenessCriterion(
            organisation=organisation, measure=measure, target=target, unit=unit, direction=direction,
            position=position, **{f"name_{code}": text for code, text in names.items()})))
    return created


def criterion_create(*, by, instance: EffectivenessCriterion) -> EffectivenessCriterion:
    return record_create(by=by, instance=instance)


def criterion_update(*, by, instance: EffectivenessCriterion) -> EffectivenessCriterion:
    return record_update(by=by, instance=instance)


def criterion_set_active(*, by, instance: EffectivenessCriterion, active: bool) -> EffectivenessCriterion:
    return record_set_active(by=by, instance=instance, active=active)
