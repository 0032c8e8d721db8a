"""A ledger writer for the crash test: appends entries one transaction at a time and prints each committed number.

    DATABASE_URL=... python -m tests.ledger.writer ORGANISATION_ID
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from qauipsiz.ledger import services as ledger  # noqa: E402


def main() -> None:
    organisation_id = int(sys.argv[1])
    for n in range(1_000_000):
        with transaction.atomic():
            entry = ledger.append(organisation_id=organisation_id, by=None, action="test.stream", content={"n": n})
        print(entry.seq, flush=True)  # only after the commit: every printed number must survive the kill


if __name__ == "__main__":
    main()
