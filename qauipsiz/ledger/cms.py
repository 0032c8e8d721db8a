"""Checks qualified electronic signatures (ЭЦП) made through NCALayer. These are detached CMS SignedData (RFC 5652).

NCALayer signs our canonical JSON and returns a CMS SignedData (usually base64) that does not carry the content. For
one signature and the bytes it should cover, `verify_detached_cms` answers "valid", "invalid" or "not_verified". It
also gives translated reasons and the signer's certificate, so the verdict can be recorded next to the record:

    result = verify_detached_cms(cms_base64, content_bytes, signer_iin="123456789012",
                                 trusted_roots=load_trusted_roots(settings.QAUIPSIZ_TRUSTED_ROOTS_DIR),
                                 at=received_at, gost_verifier=NcaNodeVerifier(url, timeout=10))

`asn1crypto` reads the CMS structure, because `cryptography` has no API for verifying CMS. `cryptography` checks the
RSA (PKCS#1 v1.5, RSASSA-PSS) and ECDSA signatures. The checks, in the order a reader would do them:

- structure: a well-formed ContentInfo of type SignedData, over content of type id-data, with exactly one signer and
  that signer's certificate among the CMS certificates (matched by issuerAndSerialNumber or subjectKeyIdentifier);
- content: with signed attributes, the messageDigest attribute must equal the digest of `content` and the contentType
  attribute must name id-data. The signature is then checked over the DER SET OF the signed attributes (RFC 5652
  §5.4). Without signed attributes, it is checked over `content` itself;
- certificates: a chain from the signer up to one of `trusted_roots` (intermediates may come from the CMS), with each
  signature in it checked. Every certificate must be valid at the signing time; issuers need basicConstraints CA and
  keyCertSign; no critical extension may be unknown; the signer's key usage must allow digitalSignature or
  nonRepudiation;
- signer: NCA certificates carry the IIN in the subject's serialNumber ("IIN123456789012"). When `signer_iin` is
  given, it must be that IIN.

The signing time is the signingTime attribute when present, otherwise `at`, otherwise now. signingTime is the signer's
own claim (only a time-stamp token would prove it), so a signature that claims a time after `at` (or now) is refused.
Callers that receive a fresh signature should pass the time of receipt as `at`.

Not checked here: revocation (CRL/OCSP) and time-stamp tokens in the unsigned attributes. Both need the NCA's online
services.

GOST signatures (GOST 34.310-2004 and GOST R 34.10-2015 as used in Kazakhstan, and GOST R 34.10-2012/2015): neither
library can check them. They go to a verification service behind the small `GostVerifier` protocol; `NcaNodeVerifier`
talks to NCANode. The checks that need no GOST arithmetic (certificate dates, key usage, IIN) still run here. Without a
service the result is "not_verified", never "valid".

Settings this module is meant to be configured from. The caller reads them; this module reads no settings:

    QAUIPSIZ_TRUSTED_ROOTS_DIR      directory of the НУЦ РК root certificates, PEM or DER  -> load_trusted_roots(path)
    QAUIPSIZ_GOST_VERIFIER_URL      NCANode's verification endpoint, e.g. http://ncanode:14579/cms/verify
    QAUIPSIZ_GOST_VERIFIER_TIMEOUT  seconds to wait for it                                 -> NcaNodeVerifier(url, timeout)
"""

import base64
import binascii
import datetime
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from asn1crypto import cms as asn1_cms
from asn1crypto import core as asn1_core
from asn1crypto import pem as asn1_pem
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .gost import GostVerifier, GostVerifierError

logger = logging.getLogger(__name__)


class CmsStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    NOT_VERIFIED = "not_verified"  # nothing found wrong, but something that had to be checked could not be


# An NCALayer signature with its chain and a time-stamp is a few kilobytes. The cap keeps a hostile upload from
# making the parser walk megabytes.
MAX_CMS_BYTES = 1024 * 1024
# NCA chains are root -> issuing CA -> person. The bound stops the path search from looping over a crafted set of
# certificates.
MAX_CHAIN_LENGTH = 6
# Client and server clocks differ. A signingTime slightly after our clock is drift, not a forged date.
SIGNING_TIME_SKEW = datetime.timedelta(minutes=5)
# NCA has issued 2048-bit RSA keys for years. Anything shorter is no longer a trustworthy signature.
MIN_RSA_BITS = 2048

ID_DATA = "1.2.840.113549.1.7.1"
ID_SIGNED_DATA = "1.2.840.113549.1.7.2"

# SHA-1 and MD5 are missing on purpose: collisions are practical, so a digest made with them binds nothing.
DIGESTS: dict[str, type[hashes.HashAlgorithm]] = {
    "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}

# GOST families, matched by OID prefix. The Kazakh arcs cover GOST 34.310-2004 and GOST R 34.10-2015 keys and
# signatures (1.2.398.3.10.1.1.*) and the GOST 34.311-95 / 34.11-2015 digests (1.2.398.3.10.1.3.*). The Russian
# arcs are GOST R 34.10/34.11-2012 (1.2.643.7.1.1.*) and CryptoPro's GOST 2001 (1.2.643.2.2.*).
GOST_OID_PREFIXES = ("1.2.398.3.10.1.1.", "1.2.398.3.10.1.3.", "1.2.643.7.1.1.", "1.2.643.2.2.")
GOST_NAMES = {
    "1.2.398.3.10.1.1.1.1": "gost34310-2004",
    "1.2.398.3.10.1.1.1.2": "gost34310-2004-with-gost34311-95",
    "1.2.398.3.10.1.1.2.3.1": "gost3410-2015-256-with-gost3411-2015-256",
    "1.2.398.3.10.1.1.2.3.2": "gost3410-2015-512-with-gost3411-2015-512",
    "1.2.398.3.10.1.3.1": "gost34311-95",
    "1.2.398.3.10.1.3.2": "gost3411-2015-256",
    "1.2.398.3.10.1.3.3": "gost3411-2015-512",
    "1.2.643.7.1.1.1.1": "gost3410-2012-256",
    "1.2.643.7.1.1.1.2": "gost3410-2012-512",
    "1.2.643.7.1.1.2.2": "gost3411-2012-256",
    "1.2.643.7.1.1.2.3": "gost3411-2012-512",
    "1.2.643.7.1.1.3.2": "gost3410-2012-256-with-gost3411-2012-256",
    "1.2.643.7.1.1.3.3": "gost3410-2012-512-with-gost3411-2012-512",
}

# Short names for the subject attributes NCA certificates carry. Without them cryptography prints OIDs.
NAME_LABELS = {NameOID.SERIAL_NUMBER: "SERIALNUMBER", NameOID.SURNAME: "SURNAME", NameOID.GIVEN_NAME: "GIVENNAME",
               NameOID.EMAIL_ADDRESS: "E"}

IIN_PATTERN = re.compile(r"IIN(\d{12})")
BIN_PATTERN = re.compile(r"BIN(\d{12})")


@dataclass(frozen=True)
class SignerCertificate:
    subject: str
    issuer: str
    serial_number: int
    not_before: datetime.datetime
    not_after: datetime.datetime
    iin: str | None
    bin: str | None
    der: bytes = field(repr=False)

    @property
    def serial_hex(self) -> str:
        """Serial numbers as NCA and NCALayer show them."""
        return format(self.serial_number, "x")


@dataclass
class CmsResult:
    status: CmsStatus
    reasons: list[str] = field(default_factory=list)
    signer: SignerCertificate | None = None
    signing_time: datetime.datetime | None = None  # the signingTime attribute, when the signature has one
    validity_time: datetime.datetime | None = None  # the moment the certificates were checked against
    digest_algorithm: str | None = None
    signature_algorithm: str | None = None

    @property
    def is_valid(self) -> bool:
        return self.status == CmsStatus.VALID


CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def load_trusted_roots(directory: str | Path) -> list[x509.Certificate]:
    """The trust anchors in a directory (QAUIPSIZ_TRUSTED_ROOTS_DIR), as НУЦ РК publishes them.

    Reads every *.pem, *.crt, *.cer and *.der file. A PEM file may hold several certificates. Other files, such as a
    README, are skipped. A file that is not a certificate raises ValueError: a broken trust store is a configuration
    error to fix, not something to work around quietly.
    """
    path = Path(directory)
    if not path.is_dir():
        raise NotADirectoryError(f"trusted roots directory not found: {path}")
    roots: list[x509.Certificate] = []
    for file in sorted(path.iterdir()):
        if file.name.startswith(".") or file.suffix.lower() not in CERTIFICATE_SUFFIXES or not file.is_file():
            continue
        data = file.read_bytes()
        try:
            certificates = (x509.load_pem_x509_certificates(data) if b"-----BEGIN" in data
                            else [x509.load_der_x509_certificate(data)])
        except ValueError as exc:
            raise ValueError(f"{file}: not a certificate in PEM or DER form ({exc})") from exc
        roots.extend(c for c in certificates if c not in roots)
    return roots


def _subject_value(cert: x509.Certificate, oid: x509.ObjectIdentifier, pattern: re.Pattern) -> str | None:
    for attribute in cert.subject.get_attributes_for_oid(oid):
        if isinstance(attribute.value, str) and (match := pattern.fullmatch(attribute.value.strip())):
            return match.group(1)
    return None


def iin_from_certificate(cert: x509.Certificate) -> str | None:
    """The owner's IIN. NCA puts it in the subject's serialNumber as "IIN123456789012"."""
    return _subject_value(cert, NameOID.SERIAL_NUMBER, IIN_PATTERN)


def bin_from_certificate(cert: x509.Certificate) -> str | None:
    """The organisation's BIN, for employees' certificates. NCA puts it in organizationalUnitName as "BIN…"."""
    return _subject_value(cert, NameOID.ORGANIZATIONAL_UNIT_NAME, BIN_PATTERN)


def _name(name: x509.Name) -> str:
    return name.rfc4514_string(NAME_LABELS)


def _describe(cert: x509.Certificate) -> SignerCertificate:
    return SignerCertificate(
        subject=_name(cert.subject), issuer=_name(cert.issuer), serial_number=cert.serial_number,
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc, iin=iin_from_certificate(cert),
        bin=bin_from_certificate(cert), der=cert.public_bytes(Encoding.DER))


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _extension(cert: x509.Certificate, kind: type[x509.ExtensionType]):
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


# --- Verification ---------------------------------------------------------------------------------------------------


class _Refused(Exception):
    """A defect that ends the verification at once: nothing after it could be judged."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Findings:
    """The reasons found so far, each with the verdict it calls for."""

    def __init__(self):
        self.items: list[tuple[CmsStatus, str]] = []

    def invalid(self, reason: str) -> None:
        self.items.append((CmsStatus.INVALID, reason))

    def unverified(self, reason: str) -> None:
        self.items.append((CmsStatus.NOT_VERIFIED, reason))

    @property
    def any_invalid(self) -> bool:
        return any(status == CmsStatus.INVALID for status, _reason in self.items)

    @property
    def status(self) -> CmsStatus:
        statuses = {status for status, _reason in self.items}
        for status in (CmsStatus.INVALID, CmsStatus.NOT_VERIFIED):
            if status in statuses:
                return status
        return CmsStatus.VALID

    @property
    def reasons(self) -> list[str]:
        return [reason for _status, reason in self.items]


@dataclass
class _Signed:
    """Everything taken from the CMS, read in one place so that asn1crypto's lazy parsing fails in one place."""

    der: bytes
    embedded_content: bytes | None
    digest_oid: str
    digest_name: str
    signature_oid: str
    signature_name: str
    signature_family: str | None  # "rsassa_pkcs1v15", "rsassa_pss", "ecdsa", ...; None when asn1crypto does not know it
    signature_hash: str | None  # the digest the signature algorithm itself names (sha256WithRSAEncryption), if any
    pss: tuple[str, str, str, int, str] | None  # hash, mask generation, its hash, salt length, trailer
    signature: bytes
    signed_attributes: bytes | None  # DER of the SET OF signed attributes: the bytes the signature covers
    content_type: str | None
    message_digest: bytes | None
    signing_time: datetime.datetime | None
    signer_der: bytes
    other_certificates: list[bytes]


MALFORMED = (ValueError, TypeError, KeyError, IndexError, OverflowError)


def _decode(cms: bytes | str) -> bytes:
    if isinstance(cms, str):
        try:
            data = cms.strip().encode("ascii")
        except UnicodeEncodeError as exc:
            raise _Refused(_("the signature is neither base64 nor PEM text")) from exc
    elif isinstance(cms, bytes | bytearray | memoryview):
        data = bytes(cms)
        if data[:1] != b"\x30":
            # Text that came as bytes. DER itself is never stripped: its last byte may well be 0x20 or 0x0A.
            data = data.strip()
    else:
        raise _Refused(_("the signature must be given as bytes or text"))
    if not data:
        raise _Refused(_("the signature is empty"))
    if len(data) > MAX_CMS_BYTES * 2:
        raise _Refused(_("the signature is too large to be an NCALayer signature"))
    if data.startswith(b"-----BEGIN"):
        try:
            _type, _headers, der = asn1_pem.unarmor(data)
        except MALFORMED as exc:
            raise _Refused(_("the signature is not well-formed PEM")) from exc
    elif data[0] == 0x30 and not isinstance(cms, str):  # a DER SEQUENCE; base64 of one starts with "M"
        der = data
    else:
        try:
            der = base64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _Refused(_("the signature is neither DER, base64 nor PEM")) from exc
    if len(der) > MAX_CMS_BYTES:
        raise _Refused(_("the signature is too large to be an NCALayer signature"))
    return der


def decode_cms(cms: bytes | str) -> bytes:
    """The DER bytes of a signature given as DER, base64 or PEM, to be stored as received. ValueError if it is none."""
    try:
        return _decode(cms)
    except _Refused as refused:
        raise ValueError(refused.reason) from None


def _single_value(attribute, name: str):
    values = attribute["values"]
    if len(values) != 1:
        raise ValueError(f"{name} must have exactly one value")
    return values[0]


def _parse(der: bytes) -> _Signed:
    not_cms = _("the data is not a well-formed CMS signature (PKCS#7 SignedData)")
    try:
        info = asn1_cms.ContentInfo.load(der, strict=True)
        content_type = info["content_type"]
        if content_type.dotted != ID_SIGNED_DATA:
            raise _Refused(_("the data is a CMS structure of type %(type)s, not a signature (SignedData)") % {
                "type": content_type.native})
        signed_data = info["content"]
        signer_infos = signed_data["signer_infos"]
        if len(signer_infos) != 1:
            if not signer_infos:
                raise _Refused(_("the signature contains no signer"))
            raise _Refused(ngettext("the signature contains %(count)s signer; exactly one is expected",
                                    "the signature contains %(count)s signers; exactly one is expected",
                                    len(signer_infos)) % {"count": len(signer_infos)})
        encapsulated = signed_data["encap_content_info"]
        if encapsulated["content_type"].dotted != ID_DATA:
            raise _Refused(_("the signature covers content of type %(type)s; only plain data (id-data) is accepted") % {
                "type": encapsulated["content_type"].native})
        embedded = encapsulated["content"]
        embedded_content = None if isinstance(embedded, asn1_core.Void) else embedded.native

        signer = signer_infos[0]
        digest_id = signer["digest_algorithm"]["algorithm"]
        signature_algorithm = signer["signature_algorithm"]
        try:
            family = signature_algorithm.signature_algo
        except ValueError:
            family = None
        try:
            signature_hash = signature_algorithm.hash_algo if family != "rsassa_pss" else None
        except ValueError:
            signature_hash = None  # rsaEncryption and the like: the SignerInfo's digest algorithm applies
        pss = None
        if family == "rsassa_pss":
            parameters = signature_algorithm["parameters"]
            mask = parameters["mask_gen_algorithm"]
            pss = (parameters["hash_algorithm"]["algorithm"].native, mask["algorithm"].native,
                   mask["parameters"]["algorithm"].native, parameters["salt_length"].native,
                   parameters["trailer_field"].native)

        attributes = signer["signed_attrs"]
        signed_attributes = content_type_attribute = message_digest = signing_time = None
        if not isinstance(attributes, asn1_core.Void):
            if not len(attributes):
                raise ValueError("empty signed attributes")
            seen = set()
            for attribute in attributes:
                kind = attribute["type"].native
                if kind in seen and kind in ("content_type", "message_digest", "signing_time"):
                    raise ValueError(f"{kind} appears twice")  # RFC 5652 §11: each at most once
                seen.add(kind)
                if kind == "content_type":
                    content_type_attribute = _single_value(attribute, kind).dotted
                elif kind == "message_digest":
                    message_digest = _single_value(attribute, kind).native
                elif kind == "signing_time":
                    signing_time = _single_value(attribute, kind).native
                    if not isinstance(signing_time, datetime.datetime):
                        raise ValueError("signing time out of range")
            # The signature covers the attributes as a SET OF (tag 0x31), not as the [0] IMPLICIT field (0xA0) they
            # are stored in (RFC 5652 §5.4). Re-tag the original bytes instead of re-encoding them, so that
            # we check exactly what the signer signed.
            stored = attributes.dump()
            if stored[0] != 0xA0:
                raise ValueError("signed attributes not tagged [0]")
            signed_attributes = b"\x31" + stored[1:]

        signer_der, others = _find_signer_certificate(signed_data, signer["sid"])
        return _Signed(
            der=der, embedded_content=embedded_content, digest_oid=digest_id.dotted, digest_name=digest_id.native,
            signature_oid=signature_algorithm["algorithm"].dotted, signature_name=signature_algorithm["algorithm"].native,
            signature_family=family, signature_hash=signature_hash, pss=pss, signature=signer["signature"].native,
            signed_attributes=signed_attributes, content_type=content_type_attribute, message_digest=message_digest,
            signing_time=signing_time, signer_der=signer_der, other_certificates=others)
    except _Refused:
        raise
    except MALFORMED as exc:
        logger.info("malformed CMS: %s", exc)
        raise _Refused(not_cms) from exc


def _find_signer_certificate(signed_data, sid) -> tuple[bytes, list[bytes]]:
    """The signer's certificate (RFC 5652 §5.3: by issuer and serial, or by subject key identifier) and the others."""
    certificates = signed_data["certificates"]
    candidates = [] if isinstance(certificates, asn1_core.Void) else [
        choice.chosen for choice in certificates if choice.name == "certificate"]
    if sid.name == "issuer_and_serial_number":
        issuer, serial = sid.chosen["issuer"], sid.chosen["serial_number"].native

        def matches(cert) -> bool:
            # asn1crypto compares names the way RFC 5280 says (case and spacing folded). A byte comparison would miss
            # a certificate whose issuer was re-encoded.
            return cert["tbs_certificate"]["serial_number"].native == serial and cert["tbs_certificate"]["issuer"] == issuer
    else:
        key_id = sid.chosen.native

        def matches(cert) -> bool:
            return cert.key_identifier == key_id

    found, others = {}, []
    for cert in candidates:
        der = cert.dump()
        try:
            is_signer = matches(cert)
        except MALFORMED:
            is_signer = False  # a certificate that cannot be read is not the signer's; it fails later if needed
        if is_signer:
            found[der] = cert
        elif der not in others:
            others.append(der)
    if not found:
        raise _Refused(_("the signer's certificate is not included in the signature"))
    if len(found) > 1:
        raise _Refused(_("the signature includes several different certificates that match its signer"))
    return next(iter(found)), others


def _is_gost(signed: _Signed, cert: x509.Certificate) -> bool:
    oids = (signed.digest_oid, signed.signature_oid, cert.public_key_algorithm_oid.dotted_string)
    return any(oid.startswith(GOST_OID_PREFIXES) for oid in oids)


def _check_signed_attributes(signed: _Signed, findings: _Findings) -> bool:
    """RFC 5652 §5.3: signed attributes must name the content type and carry its digest. True when both are present."""
    if signed.signed_attributes is None:
        return False
    if signed.message_digest is None:
        findings.invalid(_("the signed attributes lack the messageDigest attribute, so nothing binds the signature to "
                           "the content"))
    if signed.content_type is None:
        findings.invalid(_("the signed attributes lack the contentType attribute"))
    elif signed.content_type != ID_DATA:
        findings.invalid(_("the signed attributes name a content type other than plain data"))
    return signed.message_digest is not None


def _check_signature(signed: _Signed, cert: x509.Certificate, content: bytes, findings: _Findings) -> None:
    hash_class = DIGESTS.get(signed.digest_name)
    if hash_class is None:
        findings.invalid(_("the digest algorithm %(algorithm)s is not supported") % {"algorithm": signed.digest_name})
        return
    if signed.signature_family not in ("rsassa_pkcs1v15", "rsassa_pss", "ecdsa"):
        findings.invalid(_("the signature algorithm %(algorithm)s is not supported") % {
            "algorithm": signed.signature_name})
        return
    if signed.signature_hash is not None and signed.signature_hash != signed.digest_name:
        # The hash named by the signature algorithm differs from the SignerInfo's. Honouring either opens an
        # algorithm substitution.
        findings.invalid(_("the signature algorithm %(signature)s does not agree with the digest algorithm "
                           "%(digest)s") % {"signature": signed.signature_name, "digest": signed.digest_name})
        return
    try:
        key = cert.public_key()
    except (ValueError, UnsupportedAlgorithm):
        findings.invalid(_("the public key in the signer's certificate cannot be read"))
        return

    if signed.signature_family == "ecdsa":
        if not isinstance(key, ec.EllipticCurvePublicKey):
            findings.invalid(_("the signature algorithm %(algorithm)s does not match the signer's key") % {
                "algorithm": signed.signature_name})
            return

        def verify(data: bytes) -> None:
            key.verify(signed.signature, data, ec.ECDSA(hash_class()))
    else:
        if not isinstance(key, rsa.RSAPublicKey):
            findings.invalid(_("the signature algorithm %(algorithm)s does not match the signer's key") % {
                "algorithm": signed.signature_name})
            return
        if key.key_size < MIN_RSA_BITS:
            findings.invalid(_("the signer's RSA key has only %(bits)s bits; at least %(minimum)s are required") % {
                "bits": key.key_size, "minimum": MIN_RSA_BITS})
            return
        if signed.pss is None:
            scheme = padding.PKCS1v15()
        else:
            pss_hash, mask, mask_hash, salt_length, trailer = signed.pss
            if pss_hash != signed.digest_name or mask != "mgf1" or mask_hash not in DIGESTS or trailer != "trailer_field_bc":
                findings.invalid(_("the RSASSA-PSS parameters of the signature are not supported"))
                return
            scheme = padding.PSS(mgf=padding.MGF1(DIGESTS[mask_hash]()), salt_length=salt_length)

        def verify(data: bytes) -> None:
            key.verify(signed.signature, data, scheme, hash_class())

    if signed.signed_attributes is not None:
        if not _check_signed_attributes(signed, findings):
            return
        digest = hashes.Hash(hash_class())
        digest.update(content)
        if digest.finalize() != signed.message_digest:
            findings.invalid(_("the signature was made over other data: the digest it signs does not match this "
                               "record's content"))
        try:
            verify(signed.signed_attributes)
        except InvalidSignature:
            findings.invalid(_("the signature value does not verify with the signer's certificate: the signature or "
                               "its signed attributes were altered"))
    else:
        try:
            verify(content)
        except InvalidSignature:
            findings.invalid(_("the signature does not verify over this record's content with the signer's "
                               "certificate: it was made over other data or altered"))


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether `issuer`'s key (RSA or ECDSA) made the signature on `cert` (the names are checked as well)."""
    try:
        if not isinstance(issuer.public_key(), rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            return False
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _find_path(leaf: x509.Certificate, intermediates: list[x509.Certificate], roots: list[x509.Certificate]):
    """A chain [leaf, ..., trusted root], or None. Also the (certificate, named issuer) pairs whose signature failed."""
    forged: list[tuple[x509.Certificate, x509.Certificate]] = []

    def walk(chain: list[x509.Certificate]) -> list[x509.Certificate] | None:
        cert = chain[-1]
        if cert in roots:
            return chain
        if len(chain) >= MAX_CHAIN_LENGTH:
            return None
        # Roots first: a short path to an anchor beats any detour through the certificates the signer supplied.
        for candidate in [*roots, *intermediates]:
            if candidate in chain or candidate.subject != cert.issuer:
                continue
            if not _issued_by(cert, candidate):
                forged.append((cert, candidate))
                continue
            found = walk([*chain, candidate])
            if found:
                return found
        return None

    return walk([leaf]), forged


def _check_validity(cert: x509.Certificate, when: datetime.datetime, findings: _Findings, *, signer: bool) -> None:
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    values = {"time": _moment(when), "start": _moment(start), "end": _moment(end), "subject": _name(cert.subject)}
    if when > end:
        findings.invalid((_("the signer's certificate had expired at %(time)s: it was valid until %(end)s") if signer
                          else _("the certificate of the issuing authority %(subject)s had expired at %(time)s: it was "
                                 "valid until %(end)s")) % values)
    elif when < start:
        findings.invalid((_("the signer's certificate was not yet valid at %(time)s: it is valid from %(start)s")
                          if signer else _("the certificate of the issuing authority %(subject)s was not yet valid at "
                                           "%(time)s: it is valid from %(start)s")) % values)


def _check_extensions(cert: x509.Certificate, findings: _Findings) -> None:
    """RFC 5280 §4.2: a certificate with a critical extension we cannot interpret must be refused."""
    try:
        extensions = list(cert.extensions)
    except ValueError:
        findings.invalid(_("the certificate %(subject)s has malformed extensions") % {"subject": _name(cert.subject)})
        return
    for extension in extensions:
        if extension.critical and isinstance(extension.value, x509.UnrecognizedExtension):
            findings.invalid(_("the certificate %(subject)s has a critical extension %(oid)s that this system does not "
                               "understand") % {"subject": _name(cert.subject), "oid": extension.oid.dotted_string})


def _check_issuer(cert: x509.Certificate, below: int, findings: _Findings) -> None:
    """`cert` issued the certificate under it; `below` CA certificates lie between it and the signer's."""
    subject = {"subject": _name(cert.subject)}
    constraints = _extension(cert, x509.BasicConstraints)
    if constraints is None or not constraints.ca:
        findings.invalid(_("the certificate %(subject)s issued another certificate but is not a certification "
                           "authority (basicConstraints CA is not set)") % subject)
    elif constraints.path_length is not None and below > constraints.path_length:
        findings.invalid(_("the certification authority %(subject)s may not have subordinate authorities under it "
                           "this deep (pathLenConstraint)") % subject)
    usage = _extension(cert, x509.KeyUsage)
    if usage is not None and not usage.key_cert_sign:
        findings.invalid(_("the certificate %(subject)s is not allowed to sign certificates (keyUsage lacks "
                           "keyCertSign)") % subject)


def _check_certificates(leaf: x509.Certificate, others: list[bytes], roots: list[x509.Certificate],
                        when: datetime.datetime, findings: _Findings) -> None:
    intermediates = []
    for der in others:
        try:
            intermediates.append(x509.load_der_x509_certificate(der))
        except ValueError:
            logger.info("skipping an unreadable certificate in a CMS")
    path = None
    if not roots:
        findings.unverified(_("the certificate chain was not checked: no trusted root certificates are configured"))
    else:
        path, forged = _find_path(leaf, intermediates, roots)
        if path is None:
            if forged:
                cert, issuer = forged[0]
                findings.invalid(_("the certificate %(subject)s names %(issuer)s as its issuer, but that authority's "
                                   "signature on it does not verify: the certificate is forged or altered") % {
                    "subject": _name(cert.subject), "issuer": _name(issuer.subject)})
            elif leaf.issuer == leaf.subject:
                findings.invalid(_("the signer's certificate is self-signed: it was not issued by a trusted "
                                   "certification authority"))
            else:
                findings.invalid(_("the signer's certificate does not chain to a trusted root certificate: it was "
                                   "issued by %(issuer)s, which is not a trusted certification authority") % {
                    "issuer": _name(leaf.issuer)})
    for position, cert in enumerate(path or [leaf]):
        _check_validity(cert, when, findings, signer=position == 0)
        _check_extensions(cert, findings)
        if position:
            _check_issuer(cert, position - 1, findings)


def _check_key_usage(cert: x509.Certificate, findings: _Findings) -> None:
    try:
        usage = _extension(cert, x509.KeyUsage)
    except ValueError:
        usage = None  # reported by _check_extensions / malformed certificate handling
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        findings.invalid(_("the signer's certificate may not be used for signatures: its key usage allows neither "
                           "digitalSignature nor nonRepudiation"))


def _check_signer(signer: SignerCertificate, expected_iin: str | None, findings: _Findings) -> None:
    if expected_iin is None:
        return
    expected = expected_iin.strip()
    if signer.iin is None:
        findings.invalid(_("the certificate carries no IIN, so it cannot be shown to belong to the signer %(iin)s") % {
            "iin": expected})
    elif signer.iin != expected:
        findings.invalid(_("the certificate belongs to IIN %(certificate_iin)s, not to the signer %(iin)s") % {
            "certificate_iin": signer.iin, "iin": expected})


def _check_gost(signed: _Signed, content: bytes, signer: SignerCertificate, verifier: GostVerifier | None,
                findings: _Findings) -> None:
    if signed.signed_attributes is not None:
        _check_signed_attributes(signed, findings)
    if findings.any_invalid:
        return  # already refused: no need to ask the service
    if verifier is None:
        findings.unverified(_("GOST signature stored but not verified: no verification service is configured"))
        return
    try:
        verdict = verifier.verify(signed.der, content)
    except GostVerifierError as exc:
        findings.unverified(_("the GOST signature could not be verified: %(error)s") % {"error": exc})
        return
    if not verdict.valid:
        findings.invalid(_("the verification service rejected the GOST signature: %(message)s") % {
            "message": verdict.message or _("no reason given")})
    elif verdict.signer_iin and verdict.signer_iin != signer.iin:
        findings.invalid(_("the verification service reports signer IIN %(reported)s, but the certificate in the "
                           "signature belongs to IIN %(iin)s") % {"reported": verdict.signer_iin, "iin": signer.iin})


def _algorithm_name(oid: str, name: str) -> str:
    return GOST_NAMES.get(oid, name)


def verify_detached_cms(cms: bytes | str, content: bytes | str, *, signer_iin: str | None = None,
                        trusted_roots: Sequence[x509.Certificate], at: datetime.datetime | None = None,
                        gost_verifier: GostVerifier | None = None) -> CmsResult:
    """Verify a detached CMS signature (DER bytes, base64 or PEM) over `content` (text is taken as UTF-8).

    Bad input never raises: it comes back as status "invalid" with the reason. Only a programming error does, such as
    a naive `at`.
    """
    if at is not None and at.tzinfo is None:
        raise ValueError("`at` must be timezone-aware")
    if isinstance(content, str):
        content = content.encode("utf-8")  # canonical_json() returns text; its hash is taken over UTF-8 too
    content = bytes(content)
    try:
        return _verify(cms, content, signer_iin=signer_iin, trusted_roots=list(trusted_roots), at=at,
                       gost_verifier=gost_verifier)
    except Exception:
        # A last guard: a structure crafted to trip the parsers somewhere unforeseen must still get a verdict.
        logger.exception("unexpected failure while verifying a CMS signature")
        return CmsResult(status=CmsStatus.INVALID, reasons=[
            _("the signature could not be processed: it is malformed or uses a feature this system does not support")])


def _verify(cms, content: bytes, *, signer_iin, trusted_roots, at, gost_verifier) -> CmsResult:
    try:
        signed = _parse(_decode(cms))
    except _Refused as refused:
        return CmsResult(status=CmsStatus.INVALID, reasons=[refused.reason])
    result = CmsResult(status=CmsStatus.INVALID, signing_time=signed.signing_time,
                       digest_algorithm=_algorithm_name(signed.digest_oid, signed.digest_name),
                       signature_algorithm=_algorithm_name(signed.signature_oid, signed.signature_name))
    try:
        cert = x509.load_der_x509_certificate(signed.signer_der)
        result.signer = _describe(cert)
    except ValueError:
        result.reasons = [_("the signer's certificate is malformed")]
        return result

    findings = _Findings()
    now = at or datetime.datetime.now(datetime.UTC)
    result.validity_time = when = signed.signing_time or now
    if signed.signing_time is not None and signed.signing_time > now + SIGNING_TIME_SKEW:
        findings.invalid(_("the signature claims to have been made at %(time)s, later than %(now)s") % {
            "time": _moment(signed.signing_time), "now": _moment(now)})
    if signed.embedded_content is not None and signed.embedded_content != content:
        findings.invalid(_("the signature carries embedded content that differs from this record's content"))

    if _is_gost(signed, cert):
        # No GOST arithmetic here, and the chain's signatures are GOST too. What can be judged without it is judged:
        # the dates, the key usage and the owner. The service decides the rest.
        _check_validity(cert, when, findings, signer=True)
        _check_extensions(cert, findings)
        _check_key_usage(cert, findings)
        _check_signer(result.signer, signer_iin, findings)
        _check_gost(signed, content, result.signer, gost_verifier, findings)
    else:
        _check_signature(signed, cert, content, findings)
        _check_certificates(cert, signed.other_certificates, trusted_roots, when, findings)
        _check_key_usage(cert, findings)
        _check_signer(result.signer, signer_iin, findings)
    result.status, result.reasons = findings.status, findings.reasons
    return result
