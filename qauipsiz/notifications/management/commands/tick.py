from django.core.management.base import BaseCommand

from qauipsiz.notifications.jobs import run_all


class Command(BaseCommand):
    help = "Run every scheduled job once (permit lapse, ...). Run it every minute from cron or a systemd timer."

    def handle(self, *args, **options):
        for name, result in run_all().items():
            self.stdout.write(f"{name}: {result if result is not None else 'skipped (running elsewhere)'}")
