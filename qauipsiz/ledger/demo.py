"""The ledger's step of `qauipsiz demo`: the entries the services would have written for the register's records."""

from django.apps import apps
from django.utils.translation import gettext as _

from qauipsiz.domains import state_checked

from . import services as ledger
from .canonical import canonical_json
from .digest import keep_outside, make_digests
from .services import snapshot
from .verify import in_books, last_snapshots


def write_demo_ledger(loader) -> None:
    """Give every record the ledger entry the services would have written, had it been entered one by one.

    The loader creates most rows in bulk for speed; without their entries `qauipsiz verify` would rightly report them
    as created outside the system. Runs as the first demo step (the ledger registers before the domains), so that the
    domains' steps, which write through their services, find the register already ledgered.
    """
    loader.say(_("Writing the ledger…"))
    loader.finishers.append(digest_the_demo)
    for organisation in loader.organisations:
        recorded = {key: content for key, (_seq, content) in last_snapshots(organisation.pk).items()}
        for label in sorted(state_checked()):
            model = apps.get_model(label)
            for obj in in_books(model, label, organisation.pk).order_by("pk"):
                last = recorded.get((label, str(obj.pk)))
                if last == canonical_json(snapshot(obj)):
                    continue
                ledger.append(organisation_id=organisation.pk, by=loader.admin, role="superuser", obj=obj,
                              action=f"{label}.{'created' if last is None else 'changed'}")


def digest_the_demo(loader) -> None:
    """Once every step has written its entries: the digest the scheduled job would take a minute later (a fresh demo
    is then fully pinned, and `verify` has nothing to warn about)."""
    keep_outside(make_digests(organisation_ids=[organisation.pk for organisation in loader.organisations]))
