"""The daily digest: each organisation's chain head, written down outside the database.

Whoever can rewrite the database can rewrite a chain from the first altered entry onwards and recompute every hash.
A digest that has left the system (printed, e-mailed to the head of the organisation, or time-stamped by an RFC 3161
service) pins the history up to that entry: `verify` then proves that it is still the same.
"""

import hashlib
import os
import secrets
import urllib.error
import urllib.request
from pathlib import Path

from asn1crypto import tsp
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .models import ChainHead, Digest, LedgerEntry


class TimestampError(RuntimeError):
    pass


def imprint(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def request_timestamp(text: str, *, url: str, timeout: int) -> tuple[bytes, object]:
    """Ask an RFC 3161 service to time-stamp `text`; return the token (DER) and the time it certifies."""
    nonce = secrets.randbits(63)
    request = tsp.TimeStampReq({
        "version": "v1",
        "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": imprint(text)},
        "nonce": nonce,
        "cert_req": True,
    })
    if not url.startswith(("http://", "https://")):
        raise TimestampError(_("The time-stamping service address must be http or https."))
    http = urllib.request.Request(url, data=request.dump(), method="POST",  # noqa: S310 - scheme checked above
                                  headers={"Content-Type": "application/timestamp-query"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:  # noqa: S310 - scheme checked above
            body = answer.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise TimestampError(_("The time-stamping service did not answer: %(error)s") % {"error": error}) from None
    try:
        response = tsp.TimeStampResp.load(body)
        status = response["status"]["status"].native
        if status not in ("granted", "granted_with_mods"):
            raise TimestampError(_("The time-stamping service refused: %(status)s") % {"status": status})
        token = response["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
        if info["message_imprint"]["hashed_message"].native != imprint(text) or info["nonce"].native != nonce:
            raise TimestampError(_("The time-stamp does not cover this digest."))
        return token.dump(), info["gen_time"].native
    except (ValueError, KeyError, TypeError) as error:
        raise TimestampError(_("The time-stamping service answered with something that is not a time-stamp: "
                               "%(error)s") % {"error": error}) from None


def token_covers(token: bytes, text: str) -> bool:
    """Whether a stored time-stamp token certifies exactly this digest text."""
    try:
        info = tsp.ContentInfo.load(token)["content"]["encap_content_info"]["content"].parsed
        return info["message_imprint"]["hashed_message"].native == imprint(text)
    except (ValueError, KeyError, TypeError):
        return False


def make_digests(*, organisation_ids=None, timestamp: bool = False) -> list[Digest]:
    """Record today's digest of every chain (or of the given organisations), time-stamped if asked and configured."""
    heads = ChainHead.objects.select_related("organisation").order_by("organisation_id")
    if organisation_ids is not None:
        heads = heads.filter(organisation_id__in=organisation_ids)
    digests = []
    for head in heads:
        previous = Digest.objects.filter(organisation_id=head.organisation_id, seq__lte=head.seq).order_by(
            "-seq").values_list("seq", flat=True).first() or 0
        covers = [list(pair) for pair in LedgerEntry.objects.filter(
            organisation_id=head.organisation_id, seq__gt=previous, seq__lte=head.seq).order_by("seq").values_list(
            "seq", "entry_hash")]
        digest = Digest(organisation=head.organisation, created_at=timezone.now(), seq=head.seq,
                        entry_hash=head.entry_hash, covers=covers)
        if timestamp and settings.TSA_URL:
            digest.tsa_token, digest.tsa_time = request_timestamp(digest.text, url=settings.TSA_URL,
                                                                  timeout=settings.TSA_TIMEOUT)
            digest.tsa_url = settings.TSA_URL
        with transaction.atomic():
            digest.save()
        digests.append(digest)
    return digests


def email_digest(digest: Digest) -> int:
    """Send the digest to the heads of the organisation, each in their own language; returns how many received it."""
    from qauipsiz.accounts.choices import Role
    from qauipsiz.accounts.models import User

    heads = User.objects.filter(is_active=True, grants__organisation=digest.organisation_id,
                                grants__role=Role.HEAD).exclude(email="").distinct()
    sent = 0
    for user in heads:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("Qauipsiz: ledger digest of %(date)s for %(organisation)s") % {
                "date": formats.date_format(timezone.localdate(digest.created_at), "SHORT_DATE_FORMAT"),
                "organisation": digest.organisation.name}
            body = _("The ledger of %(organisation)s (BIN %(bin)s) ends at entry #%(seq)s with the hash\n\n"
                     "%(hash)s\n\nKeep this message. A later check (qauipsiz verify) proves that the history up to "
                     "this entry was not rewritten; an inspector can compare the hash with an exported ledger.") % {
                "organisation": digest.organisation.name, "bin": digest.organisation.bin, "seq": digest.seq,
                "hash": digest.entry_hash}
        sent += send_mail(subject, body, None, [user.email])
    return sent


# --- Taken by the scheduled job ---------------------------------------------------------------------------------------
# A digest a day leaves up to a day's entries unpinned, and a busy day many of them: the job (`qauipsiz tick`, every
# minute) also takes one as soon as a chain has grown by LEDGER_DIGEST_EVERY entries since its last digest.

DIGEST_FILE = "ledger-digests.txt"


def due_heads(now=None) -> list[ChainHead]:
    """The chains whose last digest is from an earlier day (local time), or older by LEDGER_DIGEST_EVERY entries, or
    missing; a chain with no new entry since its digest is not due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # One query every minute, whatever the number of digests kept: each chain with its last digest's number and time.
    last = Digest.objects.filter(organisation=OuterRef("organisation")).order_by("-seq", "-created_at")
    heads = (ChainHead.objects.select_related("organisation").filter(seq__gt=0).order_by("organisation_id")
             .annotate(digest_seq=Subquery(last.values("seq")[:1]), digest_at=Subquery(last.values("created_at")[:1])))
    return [head for head in heads if head.digest_seq is None or (head.seq > head.digest_seq and (
        timezone.localdate(head.digest_at) < today or head.seq - head.digest_seq >= settings.LEDGER_DIGEST_EVERY))]


def digest_file() -> Path:
    """Beside the backups (`qauipsiz backup`'s default folder): a copy of every digest outside the database."""
    return Path(settings.DATA_DIR) / "backups" / DIGEST_FILE


def keep_outside(digests: list[Digest]) -> Path:
    """Append the digests' lines to the file beside the backups, owner-only (0600 in a 0700 folder, as the backups),
    and force them to disk: whoever rewrites the database must also find and rewrite this file."""
    path = digest_file()
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True)
        os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)
        lines = "".join(f"{timezone.localtime(d.created_at).isoformat(timespec='seconds')} {d.text}\n" for d in digests)
        os.write(fd, lines.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def digest_job() -> str:
    """The scheduled job `ledger.digest`: a digest of every chain that is due, kept outside the database (the file,
    and e-mail with LEDGER_DIGEST_EMAIL), time-stamped when TSA_URL is set."""
    due = due_heads()
    if not due:
        return "no chain due"
    digests = make_digests(organisation_ids=[head.organisation_id for head in due], timestamp=bool(settings.TSA_URL))
    keep_outside(digests)
    sent = sum(email_digest(digest) for digest in digests) if settings.LEDGER_DIGEST_EMAIL else 0
    return f"{len(digests)} digests, {sent} e-mailed"


def undigested_warning(organisation_id: int) -> str | None:
    """A warning for `verify` when the chain has grown past its last digest by more than LEDGER_DIGEST_EVERY
    entries: a rewrite of those would show only in the chain itself (is the job `ledger.digest` running?)."""
    head = ChainHead.objects.filter(organisation_id=organisation_id).first()
    if head is None or head.seq == 0:
        return None
    last = Digest.objects.filter(organisation_id=organisation_id).order_by("-seq").first()
    pinned = last.seq if last else 0
    if head.seq - pinned <= settings.LEDGER_DIGEST_EVERY:
        return None
    return _("%(count)s entries since the last digest (more than %(limit)s): take one (qauipsiz ledger digest) and "
             "check that the scheduled job ledger.digest runs") % {"count": head.seq - pinned,
                                                                   "limit": settings.LEDGER_DIGEST_EVERY}
