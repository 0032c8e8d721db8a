"""`qauipsiz serve [HOST:PORT]`: the production web server (gunicorn, several worker processes)."""

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

DEFAULT_ADDRESS = "127.0.0.1:8000"
# HOST:PORT, [IPv6]:PORT or a bare PORT.
ADDRESS_RE = re.compile(r"^(?:(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(?P<port>\d{1,5})$")


def run_gunicorn(options: dict) -> None:
    # Imported only now: gunicorn reads $WEB_CONCURRENCY with a bare int() when its config module loads, so a bad
    # value would crash with a traceback before default_workers() could name the variable.
    from gunicorn.app.base import BaseApplication

    class QauipsizServer(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from qauipsiz.wsgi import application

            return application

    QauipsizServer().run()


def default_workers() -> int:
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    if not raw:
        return 3
    try:
        workers = int(raw)
    except ValueError:
        raise CommandError(f"WEB_CONCURRENCY must be an integer, not {raw!r}") from None
    if workers < 1:
        raise CommandError(f"WEB_CONCURRENCY must be at least 1, not {workers}")
    return workers


class Command(BaseCommand):
    help = "Run the web server: gunicorn with several worker processes, access log on standard output."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default=DEFAULT_ADDRESS,
                            help=f"HOST:PORT, [IPv6]:PORT or PORT to listen on (default {DEFAULT_ADDRESS}).")
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes (default: $WEB_CONCURRENCY, else 3).")
        parser.add_argument("--timeout", type=int, default=60,
                            help="Seconds a request may run before its worker is killed and replaced (default 60).")

    def handle(self, *args, address, workers, timeout, **options):
        match = ADDRESS_RE.match(address)
        if not match or not 0 < int(match["port"]) < 65536:
            raise CommandError(f"{address!r} is not HOST:PORT, [IPv6]:PORT or PORT")
        bind = f"{match['host'] or '127.0.0.1'}:{match['port']}"
        workers = default_workers() if workers is None else workers
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        if timeout < 1:
            raise CommandError("--timeout must be at least 1")

        # The workers are forked from this process: a connection opened here (by the system checks, say) would be
        # shared by all of them and corrupted.
        connections.close_all()
        run_gunicorn({
            "bind": bind,
            "workers": workers,
            "timeout": timeout,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "qauipsiz",
            # Import the project once in the master so a broken configuration fails here, not in every worker.
            "preload_app": True,
            # gunicorn's control socket defaults to one path per user: two servers on one machine (the demo and
            # the tests, say) would fight over it, and nothing here uses it.
            "control_socket_disable": True,
            # gunicorn's largest request line (its default is 4094): above the API's own limit of an address
            # (qauipsiz.site.limits), so that the API answers a too-long address itself, in JSON (414).
            "limit_request_line": 8190,
            # gunicorn's sync worker, answering what gunicorn itself refuses (a request line or headers over its
            # limits) in JSON under /api/ instead of its HTML page. Named, not imported: the worker belongs to the
            # site, which this layer does not import.
            "worker_class": "qauipsiz.site.server.Worker",
        })
