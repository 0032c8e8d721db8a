from django.db import transaction

from qauipsiz.acts.perform import perform
from qauipsiz.domains import organisation_of
from qauipsiz.ledger import services as ledger

from .acts import APPROVE, CONFIRM, TOY_ACTS
from .models import ToyRecord


@transaction.atomic
def toy_create(*, by, organisation, title: str, ended_at=None) -> ToyRecord:
    record = ToyRecord.objects.create(organisation=organisation, title=title, ended_at=ended_at)
    ledger.append(organisation_id=organisation_of(record), by=by, role="superuser", action="toydomain.toyrecord.created",
                  obj=record)
    return record


def toy_approve(*, record: ToyRecord, by, credentials: dict, note: str) -> ToyRecord:
    """The toy's act: its guard is the gate; its change sets the status and the note, with a ledger entry."""
    def change(context):
        toy = context.record
        toy.status, toy.note = APPROVE.target, note
        toy.save(update_fields=["status", "note"])
        ledger.append(organisation_id=organisation_of(toy), by=by, role=context.role,
                      action="toydomain.toyrecord.approved", obj=toy)
        return toy

    return perform(APPROVE, domain=TOY_ACTS, record=record, by=by, credentials={"credentials": credentials},
                   change=change)


def toy_confirm(*, record: ToyRecord, by, credentials: dict, reviewer_credentials: dict | None = None) -> ToyRecord:
    """The toy's act with a co-signer: the reviewer's signature is checked with the head's, before any lock."""
    def change(context):
        toy = context.record
        toy.status = CONFIRM.target
        toy.save(update_fields=["status"])
        ledger.append(organisation_id=organisation_of(toy), by=by, role=context.role,
                      action="toydomain.toyrecord.confirmed", obj=toy)
        return toy

    return perform(CONFIRM, domain=TOY_ACTS, record=record, by=by,
                   credentials={"credentials": credentials, "reviewer_credentials": reviewer_credentials or {}},
                   change=change)
