"""Detached CMS signatures as NCALayer makes them: what verifies, and that every kind of forgery is refused with a reason.

The whole PKI is made here (`certs.py`): a root, an intermediate CA and signers, with serialNumber=IIN… the way NCA
issues it. The signatures come from cryptography's PKCS#7 builder. The GOST structures, which no Python library can
sign, are assembled with asn1crypto and sent to a fake NCANode on 127.0.0.1.
"""

import base64
import datetime
import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import core as asn1_core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from qauipsiz.ledger.cms import (
    CmsStatus,
    bin_from_certificate,
    iin_from_certificate,
    load_trusted_roots,
    verify_detached_cms,
)
from qauipsiz.ledger.gost import GostVerdict, NcaNodeVerifier
from tests.ledger import certs
from tests.ledger.certs import DAY, ENCRYPTION_ONLY, Pki, issue, name

NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)


@pytest.fixture(autouse=True)
def _now():
    """NOW is read again for every test: the signing builder stamps the real clock, and a long suite can reach this
    module minutes after importing it (a signature seemingly made after `at` is refused)."""
    global NOW  # noqa: PLW0603 - the tests read the module's NOW
    NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
CONTENT = '{"act":"permit","number":"НД-2026-0001","organisation":42}'.encode()
IIN = "880101300123"
OTHER_IIN = "900202400456"
BIN = "123456789021"


@pytest.fixture(scope="module")
def pki() -> Pki:
    return certs.make_pki(iin=IIN, bin_=BIN)


def sign(cert, key, content: bytes = CONTENT, **options) -> bytes:
    return certs.sign(cert, key, content, **options)


def verify(cms, pki: Pki, content: bytes = CONTENT, **kwargs):
    kwargs.setdefault("trusted_roots", [pki.root])
    return verify_detached_cms(cms, content, **kwargs)


def edit_signer_info(cms: bytes, **fields) -> bytes:
    info = asn1_cms.ContentInfo.load(cms)
    signer = info["content"]["signer_infos"][0]
    for key, value in fields.items():
        signer[key] = value
    return info.dump(force=True)


# --- What verifies --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("attributes", [True, False], ids=["signed-attributes", "no-attributes"])
@pytest.mark.parametrize("kind", ["rsa", "ecdsa"])
def test_ncalayer_style_signature_verifies(pki, kind, attributes):
    cert, key = (pki.rsa_signer, pki.rsa_key) if kind == "rsa" else (pki.ec_signer, pki.ec_key)
    # The signing time is the real clock's (the builder stamps it): compare with now, not the module's start.
    now = datetime.datetime.now(datetime.UTC)
    result = verify(sign(cert, key, attributes=attributes, extra=[pki.intermediate]), pki, signer_iin=IIN, at=now)
    assert result.status == CmsStatus.VALID, result.reasons
    assert result.is_valid and result.reasons == []
    assert result.signer.iin == IIN
    assert result.signer.serial_number == cert.serial_number
    assert result.signer.serial_hex == format(cert.serial_number, "x")
    assert "NCA TEST ISSUING CA" in result.signer.issuer
    assert f"SERIALNUMBER=IIN{IIN}" in result.signer.subject
    assert result.signer.not_before == cert.not_valid_before_utc and result.signer.not_after == cert.not_valid_after_utc
    assert result.digest_algorithm == "sha256"
    assert result.signature_algorithm == ("rsassa_pkcs1v15" if kind == "rsa" else "sha256_ecdsa")
    if attributes:
        assert result.signing_time is not None and abs(result.signing_time - now) < datetime.timedelta(minutes=1)
        assert result.validity_time == result.signing_time
    else:
        assert result.signing_time is None and result.validity_time == now


def test_rsassa_pss_signature_verifies(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate], pss=True), pki, signer_iin=IIN)
    assert result.status == "valid", result.reasons
    assert result.signature_algorithm == "rsassa_pss"


def test_base64_and_pem_input_are_accepted(pki):
    der = sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate])
    as_text = base64.b64encode(der).decode()
    wrapped = "\n".join(as_text[i:i + 64] for i in range(0, len(as_text), 64))  # as some clients line-wrap it
    pem = sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate], encoding=serialization.Encoding.PEM)
    for cms in (as_text, wrapped, as_text.encode(), pem, pem.decode()):
        assert verify(cms, pki).status == "valid"


def test_signer_found_by_subject_key_identifier(pki):
    der = sign(pki.ec_signer, pki.ec_key, extra=[pki.intermediate])
    key_id = pki.ec_signer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    by_key_id = edit_signer_info(der, sid=asn1_cms.SignerIdentifier({"subject_key_identifier": key_id}))
    result = verify(by_key_id, pki, signer_iin=IIN)
    assert result.status == "valid", result.reasons


def test_bin_and_iin_are_read_from_the_subject(pki):
    assert iin_from_certificate(pki.rsa_signer) == IIN
    assert bin_from_certificate(pki.rsa_signer) == BIN
    assert iin_from_certificate(pki.root) is None
    assert verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]), pki).signer.bin == BIN


def test_text_content_is_taken_as_utf8(pki):
    assert verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]), pki, CONTENT.decode()).is_valid


# --- Content and signature tampering --------------------------------------------------------------------------------


def test_other_content_is_refused(pki):
    cms = sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate])
    result = verify(cms, pki, CONTENT.replace(b"0001", b"0002"), signer_iin=IIN)
    assert result.status == "invalid"
    assert result.reasons == ["the signature was made over other data: the digest it signs does not match this "
                              "record's content"]
    assert result.signer.iin == IIN  # who signed is still reported


def test_other_content_is_refused_without_signed_attributes(pki):
    cms = sign(pki.ec_signer, pki.ec_key, attributes=False, extra=[pki.intermediate])
    result = verify(cms, pki, CONTENT + b" ")
    assert result.status == "invalid"
    assert result.reasons == ["the signature does not verify over this record's content with the signer's certificate: "
                              "it was made over other data or altered"]


@pytest.mark.parametrize("attributes", [True, False], ids=["signed-attributes", "no-attributes"])
def test_a_tampered_signature_byte_is_refused(pki, attributes):
    cms = sign(pki.rsa_signer, pki.rsa_key, attributes=attributes, extra=[pki.intermediate])
    signature = asn1_cms.ContentInfo.load(cms)["content"]["signer_infos"][0]["signature"].native
    tampered = bytearray(signature)
    tampered[len(tampered) // 2] ^= 0x01
    assert cms.count(signature) == 1
    result = verify(cms.replace(signature, bytes(tampered)), pki)
    assert result.status == "invalid"
    assert len(result.reasons) == 1 and "does not verify" in result.reasons[0]


def test_tampered_signed_attributes_are_refused(pki):
    cms = sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate])
    info = asn1_cms.ContentInfo.load(cms)
    attributes = info["content"]["signer_infos"][0]["signed_attrs"]
    for attribute in attributes:
        if attribute["type"].native == "signing_time":
            attribute["values"] = [asn1_cms.Time({"utc_time": NOW - datetime.timedelta(hours=2)})]  # back-dated
    result = verify(info.dump(force=True), pki)
    assert result.status == "invalid"
    assert result.reasons == ["the signature value does not verify with the signer's certificate: the signature or "
                              "its signed attributes were altered"]


def test_embedded_content_must_be_the_record(pki):
    def attached(content: bytes) -> bytes:
        return (pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(pki.rsa_signer, pki.rsa_key, hashes.SHA256())
                .add_certificate(pki.intermediate).sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))

    assert verify(attached(CONTENT), pki).status == "valid"
    result = verify(attached(b"something else"), pki)
    assert result.status == "invalid"
    assert "the signature carries embedded content that differs from this record's content" in result.reasons


# --- Certificates ---------------------------------------------------------------------------------------------------


def test_self_signed_certificate_is_refused(pki):
    # What a fake signing layer produces: a certificate with the right IIN, made up on the spot.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = name("ИВАНОВ ИВАН", iin=IIN)
    fake = issue(subject, key, subject, key)
    result = verify(sign(fake, key), pki, signer_iin=IIN)
    assert result.status == "invalid"
    assert result.reasons == ["the signer's certificate is self-signed: it was not issued by a trusted certification "
                              "authority"]
    assert result.signer.iin == IIN


def test_certificate_from_another_ca_is_refused(pki):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), key, pki.foreign_root.subject, pki.foreign_key)
    result = verify(sign(cert, key, extra=[pki.foreign_root]), pki, signer_iin=IIN)
    assert result.status == "invalid"
    assert result.reasons == ["the signer's certificate does not chain to a trusted root certificate: it was issued "
                              "by C=KZ,CN=Some Other Root CA, which is not a trusted certification authority"]


def test_certificate_naming_the_trusted_ca_but_signed_by_another_key_is_refused(pki):
    key = ec.generate_private_key(ec.SECP256R1())
    forged = issue(name("ИВАНОВ ИВАН", iin=IIN), key, pki.intermediate.subject, pki.foreign_key)
    result = verify(sign(forged, key, extra=[pki.intermediate]), pki, signer_iin=IIN)
    assert result.status == "invalid"
    assert len(result.reasons) == 1
    assert "names C=KZ,CN=NCA TEST ISSUING CA as its issuer, but that authority's signature on it does not verify" in (
        result.reasons[0])


def test_missing_intermediate_means_no_chain(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key), pki)
    assert result.status == "invalid"
    assert "does not chain to a trusted root certificate" in result.reasons[0]


def test_intermediate_may_also_be_supplied_as_trusted(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key), pki, trusted_roots=[pki.root, pki.intermediate])
    assert result.status == "valid", result.reasons


@pytest.mark.parametrize("attributes", [True, False], ids=["signing-time", "at"])
def test_expired_signer_certificate_is_refused(pki, attributes):
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), pki.ec_key, pki.intermediate.subject, pki.intermediate_key,
                 not_before=NOW - 400 * DAY, not_after=NOW - 30 * DAY)
    result = verify(sign(cert, pki.ec_key, attributes=attributes, extra=[pki.intermediate]), pki, at=NOW)
    assert result.status == "invalid"
    assert len(result.reasons) == 1
    assert result.reasons[0].startswith("the signer's certificate had expired at ")
    assert f"it was valid until {(NOW - 30 * DAY):%Y-%m-%d %H:%M:%S} UTC" in result.reasons[0]


def test_signature_made_while_the_certificate_was_valid_still_verifies_later(pki):
    # Without signingTime, `at` says when the signature was received; years later the record still verifies.
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), pki.ec_key, pki.intermediate.subject, pki.intermediate_key,
                 not_before=NOW - 400 * DAY, not_after=NOW - 30 * DAY)
    cms = sign(cert, pki.ec_key, attributes=False, extra=[pki.intermediate])
    assert verify(cms, pki, at=NOW - 60 * DAY).status == "valid"


def test_certificate_not_yet_valid_is_refused(pki):
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), pki.ec_key, pki.intermediate.subject, pki.intermediate_key,
                 not_before=NOW + 10 * DAY, not_after=NOW + 400 * DAY)
    result = verify(sign(cert, pki.ec_key, extra=[pki.intermediate]), pki, at=NOW)
    assert result.status == "invalid"
    assert len(result.reasons) == 1
    assert result.reasons[0].startswith("the signer's certificate was not yet valid at ")


def test_expired_intermediate_is_refused(pki):
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = issue(name("Short-lived root"), root_key, name("Short-lived root"), root_key, ca=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = issue(name("Expired CA"), ca_key, root.subject, root_key, ca=True, not_before=NOW - 10 * DAY,
               not_after=NOW - DAY)
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), pki.ec_key, ca.subject, ca_key)
    result = verify(sign(cert, pki.ec_key, attributes=False, extra=[ca]), pki, trusted_roots=[root], at=NOW)
    assert result.status == "invalid"
    assert result.reasons[0].startswith("the certificate of the issuing authority C=KZ,CN=Expired CA had expired at")


def test_issuer_without_ca_flag_is_refused(pki):
    # A person's certificate used to issue another one: its signature is genuine, its authority is not.
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue(name("ПОДДЕЛКА", iin=OTHER_IIN), key, pki.ec_signer.subject, pki.ec_key)
    result = verify(sign(cert, key, extra=[pki.ec_signer, pki.intermediate]), pki)
    assert result.status == "invalid"
    assert any("is not a certification authority (basicConstraints CA is not set)" in r for r in result.reasons)
    assert any("is not allowed to sign certificates" in r for r in result.reasons)


def test_key_usage_without_signing_is_refused(pki):
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), pki.rsa_key, pki.intermediate.subject, pki.intermediate_key,
                 usage=ENCRYPTION_ONLY)
    result = verify(sign(cert, pki.rsa_key, extra=[pki.intermediate]), pki)
    assert result.status == "invalid"
    assert result.reasons == ["the signer's certificate may not be used for signatures: its key usage allows neither "
                              "digitalSignature nor nonRepudiation"]


def test_no_key_usage_extension_is_accepted(pki):
    cert = issue(name("ИВАНОВ ИВАН", iin=IIN), pki.rsa_key, pki.intermediate.subject, pki.intermediate_key, usage=None)
    assert verify(sign(cert, pki.rsa_key, extra=[pki.intermediate]), pki).status == "valid"


def test_iin_mismatch_is_refused(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]), pki, signer_iin=OTHER_IIN)
    assert result.status == "invalid"
    assert result.reasons == [f"the certificate belongs to IIN {IIN}, not to the signer {OTHER_IIN}"]


def test_certificate_without_iin_cannot_match_a_signer(pki):
    cert = issue(name("NO IIN"), pki.rsa_key, pki.intermediate.subject, pki.intermediate_key)
    result = verify(sign(cert, pki.rsa_key, extra=[pki.intermediate]), pki, signer_iin=IIN)
    assert result.status == "invalid"
    assert result.reasons == [f"the certificate carries no IIN, so it cannot be shown to belong to the signer {IIN}"]


def test_without_trusted_roots_nothing_is_vouched_for(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]), pki, trusted_roots=[])
    assert result.status == "not_verified"
    assert result.reasons == ["the certificate chain was not checked: no trusted root certificates are configured"]


def test_signing_time_after_receipt_is_refused(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]), pki, at=NOW - DAY)
    assert result.status == "invalid"
    assert result.reasons[0].startswith("the signature claims to have been made at ")


def test_naive_at_is_a_programming_error(pki):
    with pytest.raises(ValueError, match="timezone-aware"):
        verify(b"", pki, at=datetime.datetime(2026, 1, 1))


# --- Bad input ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cms", "reason"), [
    (b"", "the signature is empty"),
    ("", "the signature is empty"),
    (b"garbage that is not a signature", "the signature is neither DER, base64 nor PEM"),
    ("Привет", "the signature is neither base64 nor PEM text"),
    (b"\x30\x03\x02\x01", "the data is not a well-formed CMS signature (PKCS#7 SignedData)"),
    (base64.b64encode(b"\x30\x80garbage"), "the data is not a well-formed CMS signature (PKCS#7 SignedData)"),
    ("-----BEGIN CMS-----\nnot base64\n-----END CMS-----", "the signature is not well-formed PEM"),
    (12345, "the signature must be given as bytes or text"),
])
def test_garbage_is_invalid_with_a_reason(pki, cms, reason):
    result = verify(cms, pki)
    assert result.status == "invalid"
    assert result.reasons == [reason]
    assert result.signer is None


def test_no_exception_escapes(pki, monkeypatch):
    def explode(der):
        raise RuntimeError("a parser failing somewhere unforeseen")

    monkeypatch.setattr("qauipsiz.ledger.cms._parse", explode)
    result = verify(sign(pki.rsa_signer, pki.rsa_key), pki)
    assert result.status == "invalid"
    assert result.reasons == ["the signature could not be processed: it is malformed or uses a feature this system "
                              "does not support"]


def test_truncated_signature_is_invalid(pki):
    cms = sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate])
    for cut in (10, len(cms) // 2, len(cms) - 1):
        result = verify(cms[:cut], pki)
        assert result.status == "invalid"
        assert result.reasons == ["the data is not a well-formed CMS signature (PKCS#7 SignedData)"]


def test_trailing_bytes_are_invalid(pki):
    result = verify(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]) + b"\x00", pki)
    assert result.reasons == ["the data is not a well-formed CMS signature (PKCS#7 SignedData)"]


def test_other_cms_content_type_is_invalid(pki):
    data = asn1_cms.ContentInfo({"content_type": "data", "content": asn1_core.OctetString(CONTENT)}).dump()
    result = verify(data, pki)
    assert result.status == "invalid"
    assert result.reasons == ["the data is a CMS structure of type data, not a signature (SignedData)"]


def test_several_signers_are_invalid(pki):
    cms = (pkcs7.PKCS7SignatureBuilder().set_data(CONTENT)
           .add_signer(pki.rsa_signer, pki.rsa_key, hashes.SHA256())
           .add_signer(pki.ec_signer, pki.ec_key, hashes.SHA256())
           .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature]))
    result = verify(cms, pki)
    assert result.status == "invalid"
    assert result.reasons == ["the signature contains 2 signers; exactly one is expected"]


def test_missing_signer_certificate_is_invalid(pki):
    cms = sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate])
    info = asn1_cms.ContentInfo.load(cms)
    info["content"]["certificates"] = [asn1_x509.Certificate.load(pki.intermediate.public_bytes(
        serialization.Encoding.DER))]
    result = verify(info.dump(force=True), pki)
    assert result.status == "invalid"
    assert result.reasons == ["the signer's certificate is not included in the signature"]


@pytest.mark.parametrize(("fields", "reason"), [
    ({"digest_algorithm": {"algorithm": "md5"}}, "the digest algorithm md5 is not supported"),
    ({"digest_algorithm": {"algorithm": "sha1"}}, "the digest algorithm sha1 is not supported"),
    ({"signature_algorithm": {"algorithm": "sha256_dsa"}}, "the signature algorithm sha256_dsa is not supported"),
    ({"signature_algorithm": {"algorithm": "1.2.3.4.5"}}, "the signature algorithm 1.2.3.4.5 is not supported"),
    ({"signature_algorithm": {"algorithm": "sha512_rsa"}},
     "the signature algorithm sha512_rsa does not agree with the digest algorithm sha256"),
    ({"signature_algorithm": {"algorithm": "sha256_ecdsa"}},
     "the signature algorithm sha256_ecdsa does not match the signer's key"),
])
def test_unsupported_or_inconsistent_algorithms_are_invalid(pki, fields, reason):
    cms = edit_signer_info(sign(pki.rsa_signer, pki.rsa_key, extra=[pki.intermediate]), **fields)
    result = verify(cms, pki)
    assert result.status == "invalid"
    assert reason in result.reasons


def test_trusted_roots_load_from_a_directory(pki, tmp_path):
    (tmp_path / "root.pem").write_bytes(pki.root.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "intermediate.cer").write_bytes(pki.intermediate.public_bytes(serialization.Encoding.DER))
    (tmp_path / "README.txt").write_text("НУЦ РК root certificates")
    assert load_trusted_roots(tmp_path) == [pki.intermediate, pki.root]
    (tmp_path / "broken.crt").write_text("not a certificate")
    with pytest.raises(ValueError, match="broken.crt"):
        load_trusted_roots(tmp_path)
    with pytest.raises(NotADirectoryError):
        load_trusted_roots(tmp_path / "missing")


# --- GOST -----------------------------------------------------------------------------------------------------------


def gost_certificate(iin: str = IIN) -> asn1_x509.Certificate:
    return certs.gost_certificate(iin, at=NOW)


def gost_cms(certificate: asn1_x509.Certificate | None = None, signature: bytes | None = None) -> bytes:
    return certs.gost_cms(certificate or gost_certificate(), signature, at=NOW)


class FakeNcaNode(BaseHTTPRequestHandler):
    """NCANode's POST /cms/verify: this one calls the signature valid exactly when the content is CONTENT."""

    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if self.path != "/cms/verify":
            return self.answer(404, {"status": 404, "message": "Not Found"})
        if "cms" not in body:
            return self.answer(400, {"status": 400, "message": "cms: must not be empty"})
        valid = base64.b64decode(body["data"]) == CONTENT
        certificate = {"valid": True, "serialNumber": "1d2c3b4a", "signAlg": "ECGOST3410-2015-512",
                       "subject": {"iin": IIN, "commonName": "ИВАНОВ ИВАН"}}
        return self.answer(200, {"status": 200, "message": "OK", "valid": valid,
                                 "signers": [{"certificates": [certificate]}]})

    def answer(self, status: int, payload: dict):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass  # keep the test output clean


@pytest.fixture(scope="module")
def ncanode():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNcaNode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_gost_signature_without_a_service_is_not_verified(pki):
    result = verify(gost_cms(), pki, signer_iin=IIN, at=NOW)
    assert result.status == "not_verified"
    assert result.reasons == ["GOST signature stored but not verified: no verification service is configured"]
    assert result.signer.iin == IIN and result.signer.serial_hex == "1d2c3b4a"
    assert result.signature_algorithm == "gost3410-2015-512-with-gost3411-2015-512"
    assert result.digest_algorithm == "gost3411-2015-512"
    assert result.signing_time == NOW


def test_der_ending_in_a_whitespace_byte_is_read_as_is(pki):
    # The signature value is the last field of the structure; its last byte is as likely to be 0x0A as any other.
    cms = gost_cms(signature=os.urandom(127) + b"\n")
    assert cms.endswith(b"\n")
    assert verify(cms, pki, at=NOW).status == "not_verified"


def test_gost_signature_checked_by_the_service(pki, ncanode):
    verifier = NcaNodeVerifier(f"{ncanode}/cms/verify", timeout=5)
    cms = gost_cms()
    FakeNcaNode.requests.clear()
    result = verify(cms, pki, signer_iin=IIN, at=NOW, gost_verifier=verifier)
    assert result.status == "valid", result.reasons
    assert FakeNcaNode.requests == [{"cms": base64.b64encode(cms).decode(), "data": base64.b64encode(CONTENT).decode()}]

    result = verify(cms, pki, b"other content", signer_iin=IIN, at=NOW, gost_verifier=verifier)
    assert result.status == "invalid"
    assert result.reasons == ["the verification service rejected the GOST signature: the signature does not match the "
                              "content or was altered"]


def test_gost_local_checks_still_apply(pki, ncanode):
    verifier = NcaNodeVerifier(f"{ncanode}/cms/verify", timeout=5)
    FakeNcaNode.requests.clear()
    result = verify(gost_cms(), pki, signer_iin=OTHER_IIN, at=NOW, gost_verifier=verifier)
    assert result.status == "invalid"
    assert result.reasons == [f"the certificate belongs to IIN {IIN}, not to the signer {OTHER_IIN}"]
    assert FakeNcaNode.requests == []  # already refused: the service is not asked


def test_gost_service_reporting_another_signer_is_refused(pki):
    class Lying:
        def verify(self, cms_der, content):
            return GostVerdict(valid=True, signer_iin=OTHER_IIN)

    result = verify(gost_cms(), pki, at=NOW, gost_verifier=Lying())
    assert result.status == "invalid"
    assert result.reasons == [f"the verification service reports signer IIN {OTHER_IIN}, but the certificate in the "
                              f"signature belongs to IIN {IIN}"]


def test_gost_service_errors_leave_the_signature_not_verified(pki, ncanode):
    result = verify(gost_cms(), pki, at=NOW, gost_verifier=NcaNodeVerifier(f"{ncanode}/wrong/path", timeout=5))
    assert result.status == "not_verified"
    assert result.reasons == ["the GOST signature could not be verified: the verification service answered HTTP 404: "
                              "Not Found"]


def test_gost_service_that_does_not_answer_in_time(pki):
    # A listening socket that never accepts: the connection is made, the answer never comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        verifier = NcaNodeVerifier(f"http://127.0.0.1:{silent.getsockname()[1]}/cms/verify", timeout=0.3)
        result = verify(gost_cms(), pki, at=NOW, gost_verifier=verifier)
    assert result.status == "not_verified"
    assert result.reasons == ["the GOST signature could not be verified: the verification service did not answer "
                              "within 0.3 seconds"]


def test_gost_service_unreachable(pki):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once closed: nothing listens there
    result = verify(gost_cms(), pki, at=NOW, gost_verifier=NcaNodeVerifier(f"http://127.0.0.1:{port}/", timeout=2))
    assert result.status == "not_verified"
    assert result.reasons[0].startswith("the GOST signature could not be verified: the verification service could not "
                                        "be reached: ")


def test_verifier_accepts_only_http_addresses():
    with pytest.raises(ValueError, match="http"):
        NcaNodeVerifier("file:///etc/passwd")
