from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qauipsiz.accounts.models import User
from qauipsiz.core.models import Organisation
from qauipsiz.domains import organisation_path
from qauipsiz.ledger.retention import purge, purge_blockers, rules


class Command(BaseCommand):
    help = ("List the records whose retention has run out (344 cl.14-15: closed permits after one year, unless held); "
            "with --apply, purge them as the given user, leaving tombstones.")

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="BIN", required=True)
        parser.add_argument("--apply", action="store_true", help="purge, not only list")
        parser.add_argument("--user", help="the head or system administrator the purge is recorded for")

    def handle(self, *args, **options):
        from django.apps import apps

        organisation = Organisation.objects.filter(bin=options["organisation"]).first()
        if organisation is None:
            raise CommandError(_("No organisation with BIN %(bin)s.") % {"bin": options["organisation"]})
        user = None
        if options["apply"]:
            user = User.objects.filter(username=options["user"] or "").first()
            if user is None:
                raise CommandError(_("--apply needs --user: the head or system administrator who purges."))
        count = 0
        for label in sorted(rules()):
            model = apps.get_model(label)
            records = model._default_manager.filter(**{organisation_path(label): organisation.pk})
            for obj in records.order_by("pk"):
                if purge_blockers(obj):
                    continue
                count += 1
                if not options["apply"]:
                    self.stdout.write(_("purgeable: %(record)s") % {"record": obj})
                    continue
                try:
                    tombstone = purge(by=user, obj=obj)
                except (PermissionDenied, ValidationError) as error:
                    raise CommandError(str(error)) from error
                self.stdout.write(_("purged: %(record)s (tombstone %(id)s)") % {"record": tombstone.object_repr,
                                                                                 "id": tombstone.pk})
        self.stdout.write(_("%(count)s record(s).") % {"count": count})
