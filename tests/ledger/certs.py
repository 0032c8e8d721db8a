"""A test PKI made on the spot, the way NCA issues certificates, and detached CMS signatures as NCALayer makes them.

A root, an intermediate CA and signers with serialNumber=IIN… (and OU=BIN… for employees). RSA and ECDSA signatures
come from cryptography's PKCS#7 builder. GOST ones, which no Python library can make, are assembled with asn1crypto,
with arbitrary bytes where the GOST values would be (only a verification service could tell).
"""

import datetime
import os
from dataclasses import dataclass

from asn1crypto import cms as asn1_cms
from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

DAY = datetime.timedelta(days=1)
GOST_SIGNATURE = "1.2.398.3.10.1.1.2.3.2"  # GOST R 34.10-2015 512-bit, as NCA issues it
GOST_DIGEST = "1.2.398.3.10.1.3.3"  # GOST R 34.11-2015 512-bit

ALL_USES = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                         encipher_only=False, decipher_only=False)
ENCRYPTION_ONLY = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=True,
                                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                                encipher_only=False, decipher_only=False)
CA_USES = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                        encipher_only=False, decipher_only=False)


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def name(common_name: str, *, iin: str | None = None, bin_: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")]
    if iin:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    if bin_:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin_}"))
    return x509.Name(attributes)


def issue(subject: x509.Name, key, issuer: x509.Name, issuer_key, *, ca: bool = False, path_length: int | None = None,
          usage: x509.KeyUsage | None = ALL_USES, not_before: datetime.datetime | None = None,
          not_after: datetime.datetime | None = None) -> x509.Certificate:
    """A certificate; by default valid from yesterday for a year."""
    moment = now()
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before or moment - DAY).not_valid_after(not_after or moment + 365 * DAY)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        builder = builder.add_extension(CA_USES, critical=True)
    elif usage is not None:
        builder = builder.add_extension(usage, critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Pki:
    root: x509.Certificate
    intermediate: x509.Certificate
    intermediate_key: ec.EllipticCurvePrivateKey
    rsa_key: rsa.RSAPrivateKey
    rsa_signer: x509.Certificate
    ec_key: ec.EllipticCurvePrivateKey
    ec_signer: x509.Certificate
    foreign_root: x509.Certificate
    foreign_key: ec.EllipticCurvePrivateKey

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)


def make_pki(*, iin: str, bin_: str | None = None) -> Pki:
    """RSA at the top and ECDSA below, so that the chain check covers both kinds of issuer key; signers with `iin`."""
    moment = now()
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = name("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST ROOT)")
    root = issue(root_name, root_key, root_name, root_key, ca=True, not_before=moment - 3650 * DAY,
                 not_after=moment + 3650 * DAY)
    intermediate_key = ec.generate_private_key(ec.SECP256R1())
    intermediate = issue(name("NCA TEST ISSUING CA"), intermediate_key, root.subject, root_key, ca=True, path_length=0,
                         not_before=moment - 1000 * DAY, not_after=moment + 1000 * DAY)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa_signer = issue(name("ИВАНОВ ИВАН", iin=iin, bin_=bin_), rsa_key, intermediate.subject, intermediate_key)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_signer = issue(name("СЕРІКОВ СЕРІК", iin=iin), ec_key, intermediate.subject, intermediate_key)
    foreign_key = ec.generate_private_key(ec.SECP256R1())
    foreign_name = name("Some Other Root CA")
    foreign_root = issue(foreign_name, foreign_key, foreign_name, foreign_key, ca=True)
    return Pki(root, intermediate, intermediate_key, rsa_key, rsa_signer, ec_key, ec_signer, foreign_root, foreign_key)


def sign(cert, key, content: bytes, *, attributes: bool = True, extra=(), pss: bool = False,
         encoding=serialization.Encoding.DER) -> bytes:
    """A detached CMS over `content`, as NCALayer's createCAdESFromBase64(..., false) returns it (there: base64)."""
    options = [pkcs7.PKCS7Options.DetachedSignature]
    if not attributes:
        options.append(pkcs7.PKCS7Options.NoAttributes)
    rsa_padding = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH) if pss else None
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(cert, key, hashes.SHA256(),
                                                                          rsa_padding=rsa_padding)
    for certificate in extra:
        builder = builder.add_certificate(certificate)
    return builder.sign(encoding, options)


class _RawPublicKeyInfo(asn1_core.Sequence):
    """asn1crypto's PublicKeyInfo refuses algorithms it does not know, so a GOST key is written as plain ASN.1."""

    _fields = [("algorithm", asn1_keys.PublicKeyAlgorithm), ("public_key", asn1_core.OctetBitString)]


def gost_certificate(iin: str, *, at: datetime.datetime | None = None) -> asn1_x509.Certificate:
    """A GOST certificate for `iin`, valid for 30 days before `at` (default now) and 300 after."""
    at = at or now()
    subject = asn1_x509.Name.build({"common_name": "ИВАНОВ ИВАН", "serial_number": f"IIN{iin}", "country_name": "KZ"})
    issuer = asn1_x509.Name.build({"common_name": "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST", "country_name": "KZ"})
    key_info = asn1_keys.PublicKeyInfo.load(_RawPublicKeyInfo({
        "algorithm": {"algorithm": GOST_SIGNATURE}, "public_key": b"\x04\x40" + os.urandom(64)}).dump())
    tbs = asn1_x509.TbsCertificate({
        "version": "v3", "serial_number": 0x1D2C3B4A, "signature": {"algorithm": GOST_SIGNATURE}, "issuer": issuer,
        "validity": {"not_before": asn1_x509.Time({"utc_time": at - 30 * DAY}),
                     "not_after": asn1_x509.Time({"utc_time": at + 300 * DAY})},
        "subject": subject, "subject_public_key_info": key_info,
    })
    return asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": {"algorithm": GOST_SIGNATURE},
                                  "signature_value": os.urandom(128)})


def gost_cms(certificate: asn1_x509.Certificate, signature: bytes | None = None, *,
             at: datetime.datetime | None = None) -> bytes:
    """A SignedData as NCALayer makes it with a GOST key, signed at `at` (default now)."""
    attributes = asn1_cms.CMSAttributes([
        {"type": "content_type", "values": ["data"]},
        {"type": "signing_time", "values": [asn1_cms.Time({"utc_time": at or now()})]},
        {"type": "message_digest", "values": [os.urandom(64)]},
    ])
    signer = asn1_cms.SignerInfo({
        "version": "v1",
        "sid": asn1_cms.SignerIdentifier({"issuer_and_serial_number": {
            "issuer": certificate.issuer, "serial_number": certificate.serial_number}}),
        "digest_algorithm": {"algorithm": GOST_DIGEST},
        "signed_attrs": attributes,
        "signature_algorithm": {"algorithm": GOST_SIGNATURE},
        "signature": signature or os.urandom(128),
    })
    signed_data = asn1_cms.SignedData({
        "version": "v1", "digest_algorithms": [{"algorithm": GOST_DIGEST}],
        "encap_content_info": {"content_type": "data"}, "certificates": [certificate], "signer_infos": [signer],
    })
    return asn1_cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
