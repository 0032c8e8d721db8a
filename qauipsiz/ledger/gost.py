"""Verification of GOST signatures (Kazakhstan's GOST 34.10/34.311), delegated to an NCANode-style service.

`cryptography` cannot check these algorithms; `cms.verify_detached_cms` hands such signatures to a `GostVerifier`
and, without one configured, stores them as "not verified" rather than accepting them.
"""

import base64
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _


class GostVerifierError(Exception):
    """The service gave no verdict: unreachable, too slow, or an answer we cannot read. The message is translated."""


@dataclass(frozen=True)
class GostVerdict:
    valid: bool
    message: str = ""  # why not, when not valid (translated)
    signer_iin: str | None = None  # the IIN the service read from the signer's certificate, if it says


class GostVerifier(Protocol):
    def verify(self, cms_der: bytes, content: bytes) -> GostVerdict:
        """Verify a detached CMS over `content`: the signature, the chain to the NCA roots, revocation.

        Raises GostVerifierError when no verdict could be had.
        """
        ...


class NcaNodeVerifier:
    """NCANode 3.x, `POST /cms/verify`, which accepts the detached content.

    NCANode 2.0's `CMS.verify` method ({"version": "2.0", "method": "CMS.verify", ...}) has no parameter for detached
    data, so it cannot check our signatures.

    Request:  {"cms": base64 CMS, "data": base64 content[, "revocationCheck": ["OCSP"]]}
    Answer:   {"valid": true|false, "signers": [{"certificates": [{"valid": ..., "subject": {"iin": ...}}, ...]}]}

    NCANode calls a SignedData with no signers "valid", and reports certificate validity at its own current date.
    So this class wants exactly one signer and treats an answer that contradicts itself as no verdict.
    """

    # An answer describes one signer and its chain. Anything much bigger is not NCANode.
    MAX_RESPONSE_BYTES = 1024 * 1024

    def __init__(self, url: str, timeout: float = 10.0, *, revocation_check: Sequence[str] = ()):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            # urllib would also open file:// and ftp:// addresses; a setting must never turn into a file read.
            raise ValueError(f"the verification service address must be http(s): {url!r}")
        if timeout <= 0:
            raise ValueError("the verification service timeout must be positive")
        self.url = url
        self.timeout = timeout
        self.revocation_check = list(revocation_check)
        # Straight to the service, ignoring *_proxy variables: NCANode runs beside the application, and signed
        # content should not quietly take another route.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def verify(self, cms_der: bytes, content: bytes) -> GostVerdict:
        payload = {"cms": base64.b64encode(cms_der).decode("ascii"), "data": base64.b64encode(content).decode("ascii")}
        if self.revocation_check:
            payload["revocationCheck"] = self.revocation_check
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.url, data=json.dumps(payload).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(self.MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise GostVerifierError(_("the verification service answered HTTP %(status)s: %(message)s") % {
                "status": exc.code, "message": _service_message(exc)}) from exc
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            # A timeout while connecting comes wrapped in URLError; one while reading comes bare.
            if isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
                raise GostVerifierError(_("the verification service did not answer within %(seconds)s seconds") % {
                    "seconds": self.timeout}) from exc
            raise GostVerifierError(_("the verification service could not be reached: %(error)s") % {
                "error": getattr(exc, "reason", None) or exc}) from exc
        if len(raw) > self.MAX_RESPONSE_BYTES:
            raise GostVerifierError(_("the verification service's answer is too large"))
        try:
            answer = json.loads(raw)
        except ValueError as exc:
            raise GostVerifierError(_("the verification service's answer is not JSON")) from exc
        return self._verdict(answer)

    @staticmethod
    def _verdict(answer) -> GostVerdict:
        unreadable = GostVerifierError(_("the verification service's answer does not say whether the signature is valid"))
        if not isinstance(answer, dict) or not isinstance(answer.get("valid"), bool):
            raise unreadable
        signers = answer.get("signers")
        if not isinstance(signers, list) or len(signers) != 1 or not isinstance(signers[0], dict):
            raise GostVerifierError(_("the verification service did not describe exactly one signer"))
        certificates = signers[0].get("certificates")
        if not isinstance(certificates, list) or not certificates or not isinstance(certificates[0], dict):
            raise GostVerifierError(_("the verification service did not describe the signer's certificate"))
        certificate = certificates[0]
        subject = certificate.get("subject") if isinstance(certificate.get("subject"), dict) else {}
        iin = subject.get("iin") if isinstance(subject.get("iin"), str) else None
        certificate_valid = all(isinstance(c, dict) and c.get("valid") is True for c in certificates)
        if answer["valid"] and not certificate_valid:
            raise unreadable  # it calls the signature valid and its certificate not: no verdict to rely on
        if answer["valid"]:
            return GostVerdict(valid=True, signer_iin=iin)
        if not certificate_valid:
            message = _("the signer's certificate is expired, revoked or not issued by a trusted authority")
        else:
            message = _("the signature does not match the content or was altered")
        return GostVerdict(valid=False, message=message, signer_iin=iin)


def _service_message(exc: urllib.error.HTTPError) -> str:
    """NCANode explains its errors as {"message": ...}; show that rather than a bare status code."""
    try:
        body = json.loads(exc.read(64 * 1024))
    except (ValueError, OSError, http.client.HTTPException):
        body = None
    message = body.get("message") if isinstance(body, dict) else None
    return str(message)[:300] if message else str(exc.reason)


# --- Certificates ---------------------------------------------------------------------------------------------------
