"""The gunicorn worker of `qauipsiz serve`: gunicorn's own answers to a request it refuses before the application
sees it, in the API's error shape.

A request line over gunicorn's limit (`limit_request_line`), a header line over `limit_request_field_size` or more
headers than `limit_request_fields` never reach Django, so `site.limits` cannot answer them: gunicorn writes its own
HTML page (`Worker.handle_error`, `util.write_error`). A client of the API reads every error as JSON, so this worker
answers those three refusals itself:

- under /api/: `{"detail": "..."}` with `Content-Type: application/json`, as every other API error;
- elsewhere: the same sentence as short plain text. Those addresses are pages for a browser, which shows plain text
  legibly; an HTML page in the site's layout would need the templates, a request and a session, none of which exists
  before the request was even read.

The sentence is in the language of the address's prefix (/kk/, /ru/, /en/) where there is one, else in LANGUAGE_CODE:
the headers (Accept-Language) are not read when the request line is refused, and are what is refused in the other
case. Every other error keeps gunicorn's own answer.
"""

import json
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.sync import SyncWorker

from qauipsiz.site.limits import API_PREFIX, MAX_URL_LENGTH

# Enough of the request line to read the method and the start of the path (`GET /api/...`, `GET /ru/...`).
HEAD_BYTES = 64
REQUEST_START_RE = re.compile(rb"^[A-Z]{1,20} (?P<path>/[^ ?#]*)")


class _FirstBytes:
    """The client socket, remembering the first bytes gunicorn's parser reads from it: when the parser refuses the
    request it keeps nothing of what it read, and the answer depends on the address."""

    def __init__(self, sock):
        self._sock = sock
        self.head = b""

    def recv(self, *args, **kwargs):
        data = self._sock.recv(*args, **kwargs)
        if len(self.head) < HEAD_BYTES:
            self.head = (self.head + data)[:HEAD_BYTES]
        return data

    def __getattr__(self, name):
        return getattr(self._sock, name)


def _path_of(client) -> str:
    match = REQUEST_START_RE.match(getattr(client, "head", b""))
    return match["path"].decode("latin-1") if match else ""


def _language_of(path: str) -> str:
    prefix = path.split("/")[1] if path.count("/") >= 2 else ""
    return prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def error_response(exc, path: str) -> bytes | None:
    """The whole HTTP response to a refusal of gunicorn's parser, or None to leave it to gunicorn."""
    with translation.override(_language_of(path)):
        if isinstance(exc, LimitRequestLine):
            status = "414 URI Too Long"
            # The API's own sentence and limit (site.limits): the address the API reads, not gunicorn's larger one.
            detail = _("The address is too long: at most %(limit)s characters.") % {"limit": MAX_URL_LENGTH}
        elif isinstance(exc, LimitRequestHeaders):
            status = "431 Request Header Fields Too Large"
            detail = _("The request headers are too large or too many.")
        else:
            return None
    if path.startswith(API_PREFIX):
        body, content_type = json.dumps({"detail": detail}, ensure_ascii=False).encode(), "application/json"
    else:
        body, content_type = (detail + "\n").encode(), "text/plain; charset=utf-8"
    head = (f"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class Worker(SyncWorker):
    """gunicorn's sync worker (the one `serve` ran before), with JSON answers to the limits it enforces itself."""

    def handle(self, listener, client, addr):
        # Under TLS gunicorn wraps the socket itself and needs the real one; `serve` terminates no TLS (a proxy does).
        super().handle(listener, client if self.cfg.is_ssl else _FirstBytes(client), addr)

    def handle_error(self, req, client, addr, exc):
        response = error_response(exc, _path_of(client))
        if response is None:
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            client.sendall(response)
        except OSError:
            self.log.debug("Failed to send error message.")
