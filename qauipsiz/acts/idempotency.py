"""`Idempotency-Key` for every act endpoint of every domain: a repeated request answers the first result instead of
acting again.

    return idempotent(request, key, work)  # work() -> (status, JSON-ready body), run inside the transaction

Keys belong to the user who sends them. The first request with a key claims it by inserting its row, runs the action and
stores the answer, all in one transaction: either the action and its stored answer are both committed or neither is. A
repeat with the same key and the same request (method, path and body) gets the stored answer and the action does not
run again, so nothing is signed twice. The same key with a different request is refused (422).

A twin sent while the first request is still running cannot see the first one's uncommitted row. On PostgreSQL its
insert waits on the unique constraint (user, key) until the first one commits, fails with an IntegrityError, and the
twin then reads the stored answer; on SQLite the write lock taken at BEGIN IMMEDIATE makes it wait before it reads at
all. A request that fails (403, 404, 409, 422, ...) stores nothing and leaves the key free for a corrected retry.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Header
from ninja.responses import NinjaJSONEncoder
from pydantic import StringConstraints

from qauipsiz import transactions

from .models import IdempotentRequest
from .refusals import ActionRefused

HEADER = "Idempotency-Key"

# The header of every act endpoint, the same for each: ninja documents it in the OpenAPI schema.
IdempotencyKey = Annotated[
    Annotated[str, StringConstraints(min_length=1, max_length=IdempotentRequest._meta.get_field("key").max_length,
                                     pattern=r"^[\x21-\x7e]+$")] | None,
    Header(None, alias=HEADER, description="A key of the client's choosing (printable ASCII): a request repeated with "
                                           "the same key answers the first result instead of acting again.")]

# The status stored while the request that claimed a key is running; never visible outside its transaction.
PENDING = 0

Work = Callable[[], tuple[int, dict]]


def fingerprint(request) -> str:
    """SHA-256 of the method, path and body, each length-prefixed so that no two requests run into one another."""
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def render(body: dict) -> str:
    return json.dumps(body, cls=NinjaJSONEncoder)


def json_response(status: int, body: dict | str) -> HttpResponse:
    """`body` as JSON; a str is taken as JSON already rendered."""
    return HttpResponse(body if isinstance(body, str) else render(body), status=status,
                        content_type="application/json; charset=utf-8")


def _claim(user, key: str, request_fingerprint: str) -> bool:
    """Insert the key's row; False when a concurrent twin holds it (it committed while this insert waited)."""
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(user=user, key=key, fingerprint=request_fingerprint, status_code=PENDING,
                                             body={})
    except IntegrityError:
        return False
    return True


def _replay(stored: IdempotentRequest | None, request_fingerprint: str) -> HttpResponse:
    if stored is not None and stored.fingerprint != request_fingerprint:
        raise ValidationError({HEADER: _("The idempotency key was used for a different request.")})
    if stored is None or stored.status_code == PENDING:
        raise ActionRefused(_("A request with the same idempotency key is still being processed; try again."))
    return json_response(stored.status_code, stored.body)


def idempotent(request, key: str | None, work: Work, *, request_fingerprint: str | None = None) -> HttpResponse:
    """Run `work` in a transaction and answer its result; with a key, at most once per user and key.

    `request_fingerprint` stands for `fingerprint(request)` where the body cannot be read again: a multipart upload,
    whose stream Django has parsed into files (the endpoint fingerprints what it was sent instead)."""
    if key is None:
        return transactions.atomic(lambda: json_response(*work()))()
    user = request.auth
    request_fingerprint = request_fingerprint or fingerprint(request)

    @transactions.atomic
    def claimed() -> tuple[IdempotentRequest | None, HttpResponse | None]:
        stored = IdempotentRequest.objects.filter(user=user, key=key).first()
        if stored is None and _claim(user, key, request_fingerprint):
            status, body = work()
            # Kept as the rendered text (a JSON string): PostgreSQL's jsonb would reorder an object's keys, and the
            # repeat must answer the very same bytes.
            text = render(body)
            IdempotentRequest.objects.filter(user=user, key=key).update(status_code=status, body=text)
            return stored, json_response(status, text)
        return stored, None

    stored, response = claimed()
    if response is not None:
        return response
    if stored is None:
        # The twin that held the key has committed: its answer is visible now.
        stored = IdempotentRequest.objects.filter(user=user, key=key).first()
    return _replay(stored, request_fingerprint)
