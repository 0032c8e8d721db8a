from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qauipsiz.core.models import Organisation
from qauipsiz.ledger.digest import undigested_warning
from qauipsiz.ledger.models import ChainHead
from qauipsiz.ledger.verify import organisations_with_ledgers, verify_organisation


class Command(BaseCommand):
    help = "Recompute every ledger chain and compare every ledgered record with its last snapshot."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="BIN", help="only this organisation")

    def handle(self, *args, **options):
        ids = organisations_with_ledgers()
        if options["organisation"]:
            ids = list(Organisation.objects.filter(bin=options["organisation"]).values_list("pk", flat=True))
            if not ids:
                raise CommandError(_("No organisation with BIN %(bin)s.") % {"bin": options["organisation"]})
        names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "bin"))
        broken = 0
        for organisation_id in ids:
            problems = verify_organisation(organisation_id)
            head = ChainHead.objects.filter(organisation_id=organisation_id).first()
            label = _("organisation %(id)s (BIN %(bin)s)") % {"id": organisation_id,
                                                             "bin": names.get(organisation_id, "?")}
            if problems:
                broken += 1
                self.stdout.write(_("BROKEN %(organisation)s: %(count)s problems") % {
                    "organisation": label, "count": len(problems)})
                for problem in problems:
                    self.stdout.write(f"  {problem}")
            else:
                self.stdout.write(_("OK %(organisation)s: %(seq)s entries, head %(hash)s") % {
                    "organisation": label, "seq": head.seq if head else 0, "hash": head.entry_hash if head else "-"})
            warning = undigested_warning(organisation_id)
            if warning:
                self.stdout.write(_("WARNING %(organisation)s: %(warning)s") % {"organisation": label,
                                                                               "warning": warning})
        if broken:
            raise CommandError(_("%(count)s organisations have a broken ledger.") % {"count": broken}, returncode=1)
