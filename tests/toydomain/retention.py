import datetime

from qauipsiz.ledger.retention import RetentionRule

from .models import ToyRecord

KEPT = datetime.timedelta(days=30)


def _blockers(record: ToyRecord, now) -> list[str]:
    if record.ended_at is None:
        return ["the toy record has not ended"]
    return ["kept for 30 days after its end"] if now < record.ended_at + KEPT else []


TOY_RULE = RetentionRule(
    blockers=_blockers, rows=lambda record: [], summary=lambda record: {"title": record.title},
    basis="Toy rule: kept for 30 days after its end.",
    name="toyrecord", slug="toy-records", record_label="Toy record", purgeable_title="Toy records that may be purged",
    nothing_purgeable="No toy record may be purged.", explanation="Toy records are kept for 30 days after their end.",
    holdable=lambda organisation_id: ToyRecord.objects.filter(organisation_id=organisation_id),
    ended=lambda organisation_id: ToyRecord.objects.filter(organisation_id=organisation_id, ended_at__isnull=False),
    ended_at=lambda record: record.ended_at,
)
