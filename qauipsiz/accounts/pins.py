"""Signing PINs, hashed with Argon2id at parameters tuned for a signature (used for `User.signing_pin` only).

A PIN is checked at every signature, so its hash must be cheap enough for a crew signing one after another, yet costly
to guess offline: 4-8 digits are few, so the memory-hard Argon2id, not speed, is what protects a stolen hash, and the
lockout of `ledger.signatures` (5 wrong within 15 minutes) is what protects the live check. Passwords keep Django's
PBKDF2. PINs hashed before (PBKDF2, or whatever hasher was configured then) still verify and are rehashed with these
parameters on their next correct use; so are PINs hashed with older Argon2 parameters.

Measured on the project's machine (2 shared cores, see docs/architecture.md): about 25 ms of CPU per PIN check at
`time_cost=2, memory_cost=19456` KiB (19 MiB), `parallelism=1` (the OWASP minimum for Argon2id), against about 540 ms
for a PBKDF2 password check at 1,000,000 iterations.
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password


class SigningPinHasher(Argon2PasswordHasher):
    """Argon2id with the signing-PIN parameters of the setting `QAUIPSIZ_SIGNING_PIN_ARGON2`."""

    def __init__(self):
        tuned = settings.QAUIPSIZ_SIGNING_PIN_ARGON2
        self.time_cost, self.memory_cost, self.parallelism = (tuned["time_cost"], tuned["memory_cost"],
                                                              tuned["parallelism"])


def make_pin(pin: str) -> str:
    return make_password(pin, hasher=SigningPinHasher())


def check_pin(pin: str, encoded: str, *, rehash) -> bool:
    """Whether `pin` matches the stored `encoded` hash. On a match with an older hash or older parameters,
    `rehash(new_encoded)` is called to store the PIN hashed anew."""
    hasher = SigningPinHasher()
    if encoded.startswith(hasher.algorithm + "$"):
        if not hasher.verify(pin, encoded):
            return False
        if hasher.must_update(encoded):
            rehash(make_pin(pin))
        return True
    # A PIN set before the PIN hasher: checked with the hasher that made it, then rehashed.
    if not check_password(pin, encoded):
        return False
    rehash(make_pin(pin))
    return True
