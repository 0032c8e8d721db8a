from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import gettext as _

from qauipsiz.ledger.backup import BackupError, compare_heads, describe_target, read_heads, restore_backup, unapplied_migrations


class Command(BaseCommand):
    help = ("Restore a backup made by `qauipsiz backup` into the configured database, which must be empty; then "
            "verify every ledger and compare the ledger heads with the backup's manifest.")

    def add_arguments(self, parser):
        parser.add_argument("backup", metavar="BACKUP", help="the backup directory (qauipsiz-YYYYMMDD-HHMMSS)")

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        target = describe_target(connection)
        try:
            manifest = restore_backup(options["backup"])
        except BackupError as exc:
            raise CommandError(_("Nothing was restored: %(error)s") % {"error": exc}) from exc
        self.stdout.write(_("Restored %(backup)s (made %(created)s) into %(target)s.") % {
            "backup": options["backup"], "created": manifest["created_at"], "target": target})

        try:
            with connection.cursor() as cursor:
                heads = read_heads(cursor)
        except DatabaseError as exc:
            raise CommandError(_("The restored database cannot be read: %(error)s") % {"error": exc}) from exc
        differences = compare_heads(manifest["ledger_heads"], heads)
        if differences:
            self.stdout.write(_("The ledger heads differ from the manifest:"))
            for expected, restored in differences:
                head = expected or restored
                self.stdout.write(_("  organisation %(id)s (BIN %(bin)s): manifest %(expected)s, restored %(restored)s")
                                  % {"id": head["organisation_id"], "bin": head["bin"] or "?",
                                     "expected": self._head(expected), "restored": self._head(restored)})
        else:
            self.stdout.write(_("The ledger heads match the manifest: %(count)s organisations.") % {
                "count": len(heads)})

        missing = unapplied_migrations(connection)
        if missing:
            # The checks below read the current schema; on an older one they would report errors that are not there.
            raise CommandError(_("The backup predates this version of Qauipsiz (migrations %(migrations)s are not "
                                 "applied): run `qauipsiz migrate`, then `qauipsiz verify`.") % {
                "migrations": ", ".join(missing)}, returncode=1)
        verified = True
        try:
            call_command("verify", stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            verified = False
            self.stdout.write(str(exc))
        if differences or not verified:
            raise CommandError(_("The backup was restored into %(target)s, but it does not pass the checks above: do "
                                 "not use it before the cause is known.") % {"target": target}, returncode=1)
        self.stdout.write(_("Verified: every ledger is intact and ends where the backup says."))

    @staticmethod
    def _head(head):
        if head is None:
            return _("none")
        return f"#{head['seq']} {head['entry_hash']}"
