import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind
from qauipsiz.core.models import Organisation
from qauipsiz.ledger.digest import TimestampError, email_digest, make_digests
from qauipsiz.ledger.export import write_export
from qauipsiz.ledger.triggers import APPEND_ONLY_TABLES


def privileges_sql(role: str) -> str:
    """Rights for the application's role: rows everywhere, but nothing that rewrites history in append-only tables.

    To be run by the owner role after every `migrate`, since new tables come with new migrations.
    """
    if not role.replace("_", "").isalnum():
        raise CommandError(_("Not a role name: %(role)s") % {"role": role})
    lines = [
        f"GRANT USAGE ON SCHEMA public TO {role};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role};" for table in APPEND_ONLY_TABLES),
    ]
    return "\n".join(lines)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from None


class Command(BaseCommand):
    help = ("Ledger tools: `export` writes an organisation's ledger and a standalone script that checks it; "
            "`privileges` prints the PostgreSQL grants for the application's database role.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="tool", required=True)
        export = sub.add_parser("export", help="export an organisation's ledger (or a date range of it)")
        export.add_argument("--organisation", metavar="BIN", required=True)
        export.add_argument("--from", dest="since", metavar="YYYY-MM-DD")
        export.add_argument("--to", dest="until", metavar="YYYY-MM-DD")
        export.add_argument("--output", metavar="FILE", help="default: ledger-<BIN>-<date>.json")
        digest = sub.add_parser("digest", help="record and print today's chain heads (run daily)")
        digest.add_argument("--organisation", metavar="BIN", help="only this organisation")
        digest.add_argument("--email", action="store_true", help="e-mail each digest to the head of the organisation")
        digest.add_argument("--timestamp", action="store_true",
                            help="have each digest time-stamped by the RFC 3161 service in TSA_URL")
        privileges = sub.add_parser("privileges", help="print the SQL that gives the application role its rights")
        privileges.add_argument("--role", required=True, help="the application's PostgreSQL role")

    def handle(self, *args, **options):
        if options["tool"] == "privileges":
            self.stdout.write(privileges_sql(options["role"]))
            return
        if options["tool"] == "digest":
            self.digest(options)
            return
        organisation = Organisation.objects.filter(bin=options["organisation"]).first()
        if organisation is None:
            raise CommandError(_("No organisation with BIN %(bin)s.") % {"bin": options["organisation"]})
        since = _date(options["since"]) if options["since"] else None
        until = _date(options["until"]) if options["until"] else None
        output = Path(options["output"] or f"ledger-{organisation.bin}-{timezone.localdate():%Y%m%d}.json")
        script = write_export(organisation, output, since=since, until=until)
        access_record(request=None, kind=AccessKind.EXPORT, organisation_id=organisation.pk,
                      object_type="ledger.ledgerentry", username="(qauipsiz ledger export)")
        self.stdout.write(_("Written %(file)s; check it anywhere with: python3 %(script)s %(file)s") % {
            "file": output, "script": script})

    def digest(self, options):
        ids = None
        if options["organisation"]:
            ids = list(Organisation.objects.filter(bin=options["organisation"]).values_list("pk", flat=True))
            if not ids:
                raise CommandError(_("No organisation with BIN %(bin)s.") % {"bin": options["organisation"]})
        if options["timestamp"] and not settings.TSA_URL:
            raise CommandError(_("Set TSA_URL to the time-stamping service to use --timestamp."))
        try:
            digests = make_digests(organisation_ids=ids, timestamp=options["timestamp"])
        except TimestampError as error:
            raise CommandError(str(error)) from None
        for digest in digests:
            stamped = _(", time-stamped at %(time)s") % {"time": digest.tsa_time} if digest.tsa_time else ""
            self.stdout.write(f"{digest.organisation.bin}  {timezone.localtime(digest.created_at):%Y-%m-%d %H:%M}  "
                              f"#{digest.seq}  {digest.entry_hash}{stamped}")
            if options["email"]:
                sent = email_digest(digest)
                self.stdout.write(_("  e-mailed to %(count)s heads of the organisation") % {"count": sent})
