import time

from django.core.management.base import BaseCommand

from qauipsiz.notifications.jobs import run_all


class Command(BaseCommand):
    help = "Run the scheduled jobs every minute, for installations without cron or systemd timers."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between runs (default 60)")

    def handle(self, *args, **options):
        while True:
            started = time.monotonic()
            for name, result in run_all().items():
                if result:
                    self.stdout.write(f"{name}: {result}")
            time.sleep(max(1.0, options["interval"] - (time.monotonic() - started)))
