from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qauipsiz.ledger.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Back up the whole database while the system runs: a directory qauipsiz-YYYYMMDD-HHMMSS holding the "
            "database (SQLite copy or pg_dump archive) and manifest.json with checksums and the ledger heads.")

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help="where to create the backup (default: $QAUIPSIZ_DATA_DIR/backups)")

    def handle(self, *args, **options):
        try:
            path, manifest = create_backup(options["output"])
        except BackupError as exc:
            raise CommandError(_("Backup failed: %(error)s") % {"error": exc}) from exc
        self.stdout.write(_("Backup written to %(path)s") % {"path": path})
        for head in manifest["ledger_heads"]:
            self.stdout.write(_("  organisation %(id)s (BIN %(bin)s): entry #%(seq)s, head %(hash)s") % {
                "id": head["organisation_id"], "bin": head["bin"] or "?", "seq": head["seq"],
                "hash": head["entry_hash"]})
