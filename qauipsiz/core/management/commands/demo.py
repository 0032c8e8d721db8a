"""`qauipsiz demo`: load the demo refinery, its holding, a contractor and one login per access role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qauipsiz.core.demo import REFINERY_BIN, DemoError, DemoLogin, DemoResult, demo_logins, load_demo
from qauipsiz.core.models import Organisation


class Command(BaseCommand):
    help = "Load a fictional oil refinery with its people, facilities, devices, trainings and demo logins."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--if-empty", action="store_true",
                          help="Load only when there is no organisation in the database yet (for `make run`).")
        mode.add_argument("--logins", action="store_true",
                          help="Only print the demo logins that are in the database; load nothing.")

    def handle(self, *args, if_empty: bool, logins: bool, verbosity: int, **options):
        if logins:
            self.print_logins(demo_logins())
            return
        if if_empty and Organisation.objects.exists():
            self.stdout.write(_("The database already has data: the demo was not loaded."))
            return
        if Organisation.objects.filter(bin=REFINERY_BIN).exists():
            raise CommandError(_("The demo is already loaded: an organisation with BIN %(bin)s exists.")
                               % {"bin": REFINERY_BIN})
        try:
            result = load_demo(stdout=self.stdout if verbosity > 1 else None)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.print_summary(result)
        self.stdout.write("")
        self.print_logins(result.logins)

    def print_summary(self, result: DemoResult) -> None:
        self.stdout.write(self.style.SUCCESS(
            _("Demo loaded: %(organisation)s (BIN %(bin)s), a subsidiary of %(holding)s.")
            % {"organisation": result.organisation.name, "bin": result.organisation.bin,
               "holding": result.holding.name}))
        lines = (
            _("%(count)d organisations, %(contractors)d contractors, %(divisions)d divisions")
            % {"count": result.organisations, "contractors": result.contractors, "divisions": result.divisions},
            _("%(count)d hazardous production facilities, %(buildings)d buildings and structures")
            % {"count": result.facilities, "buildings": result.buildings},
            _("%(count)d technical devices: %(overdue)d overdue for certification, %(soon)d due within 30 days")
            % {"count": result.devices, "overdue": result.devices_overdue, "soon": result.devices_due_soon},
            _("%(count)d people, %(contractor)d of them contractor staff")
            % {"count": result.people, "contractor": result.contractor_staff},
            _("%(count)d training records: %(expired)d expired, %(expiring)d expiring within 30 days")
            % {"count": result.trainings, "expired": result.trainings_expired, "expiring": result.trainings_expiring},
            _("%(count)d appointments, %(requirements)d required trainings")
            % {"count": result.appointments, "requirements": result.requirements},
            _("%(count)d normative legal acts with %(clauses)d clauses")
            % {"count": result.legal_acts, "clauses": result.clauses},
        )
        for line in (*lines, *result.extra):
            self.stdout.write("  " + line)

    def print_logins(self, logins: list[DemoLogin]) -> None:
        if not logins:
            self.stdout.write(_("There are no demo logins in the database. Load the demo with: qauipsiz demo"))
            return
        header = (_("Username"), _("Password"), _("Role"), _("Scope"))
        rows = [(login.username, login.password, str(login.role), str(login.scope)) for login in logins]
        widths = [max(len(row[column]) for row in (header, *rows)) for column in range(3)]

        def line(row) -> str:
            return "  ".join(value.ljust(width) for value, width in zip(row[:3], widths, strict=True)) + "  " + row[3]

        self.stdout.write(line(header))
        self.stdout.write(line(tuple("-" * len(value) for value in header)))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write("")
        # Said here because a QR code that opens the wrong address only shows on paper, scanned on a phone.
        self.stdout.write(_("The QR codes of printed permits and the links in e-mails open %(url)s (SITE_URL).")
                          % {"url": settings.SITE_URL})
