from django.db import transaction

from qauipsiz.domains import organisation_of
from qauipsiz.ledger import services as ledger

from .models import ToyRecord


@transaction.atomic
def toy_create(*, by, organisation, title: str, ended_at=None) -> ToyRecord:
    record = ToyRecord.objects.create(organisation=organisation, title=title, ended_at=ended_at)
    ledger.append(organisation_id=organisation_of(record), by=by, role="superuser", action="toydomain.toyrecord.created",
                  obj=record)
    return record
