"""What the printed forms of Order 344 read from the ledger: a record's signatures by what they were for, and the
lines of a form filled in with them."""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass

from qauipsiz.documents.marks import signature_mark, when
from qauipsiz.ledger.signatures import signatures_of

from ..content import records_about


def purpose_key(signature) -> str:
    """The purpose without the record type: "permits.permit.item8.1_approved" -> "item8.1_approved"."""
    return signature.purpose.split(".", 2)[-1]


class Signatures:
    """A permit's signatures by what they are for: purpose, and the record or moment the act was about."""

    def __init__(self, obj):
        self.all = list(signatures_of(obj))
        self.by_purpose = defaultdict(list)
        for signature in self.all:
            content = json.loads(signature.content) if signature.content else {}
            signature.act = content.get("act", "") if isinstance(content, dict) else ""
            signature.about = content.get("about") if isinstance(content, dict) else None
            self.by_purpose[purpose_key(signature)].append(signature)

    def first(self, purpose: str):
        found = self.by_purpose.get(purpose)
        return found[0] if found else None

    def last(self, purpose: str):
        found = self.by_purpose.get(purpose)
        return found[-1] if found else None

    def about(self, purpose: str, obj):
        """The signature of `purpose` over the record `obj` (a measure, an approval, a crew member)."""
        for signature in self.by_purpose.get(purpose, []):
            if (obj._meta.label_lower, obj.pk) in records_about(signature.about):  # one measure of several, too
                return signature
        return None

    def shift(self, purpose: str, shift_start):
        for signature in self.by_purpose.get(purpose, []):
            about = signature.about
            if isinstance(about, dict) and "shift_start" in about:
                try:
                    if datetime.datetime.fromisoformat(about["shift_start"]) == shift_start:
                        return signature
                except (TypeError, ValueError):
                    continue
        return None


@dataclass
class Filled:
    """A line of the form: the value written on it and the textual signature mark, if signed."""

    text: str = ""
    mark: str = ""
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.text or self.mark or self.note)


def signed(person_text: str, signature, *, at=None) -> Filled:
    """A person's line with the signature mark; the date comes with the mark (or from `at` when not signed)."""
    if signature is None and at is None:
        return Filled(text=person_text)
    if signature is None:
        return Filled(text=f"{person_text}, {when(at)}" if person_text else when(at))
    return Filled(text=person_text or signature.signer_name, mark=signature_mark(signature))

