"""Signing PINs are hashed with Argon2id at tuned parameters; PINs hashed before still sign and are rehashed on their
next correct use; the wrong-PIN lockout applies to both (issue 8, the signing design)."""

import time

import pytest
from django.contrib.auth.hashers import make_password

from qauipsiz.accounts.lockout import failure_limit
from qauipsiz.accounts.models import User
from qauipsiz.accounts.pins import SigningPinHasher, check_pin, make_pin
from qauipsiz.accounts.services import set_signing_pin
from qauipsiz.ledger.signatures import SignatureRefused, verify_credential

from .test_signatures import PASSWORD, Setting, refused


@pytest.fixture
def s(db):
    return Setting()


def test_a_pin_set_is_kept_as_an_argon2id_hash_with_the_tuned_parameters(s, settings):
    set_signing_pin(user=s.user, password=PASSWORD, pin="480512")
    stored = User.objects.get(pk=s.user.pk).signing_pin
    tuned = settings.QAUIPSIZ_SIGNING_PIN_ARGON2
    assert stored.startswith(f"argon2$argon2id$v=19$m={tuned['memory_cost']},t={tuned['time_cost']},"
                             f"p={tuned['parallelism']}$")
    assert "480512" not in stored


@pytest.mark.parametrize("hasher", ["pbkdf2_sha256", "md5"])
def test_a_pin_hashed_before_still_signs_and_is_rehashed_with_argon2id(s, hasher):
    User.objects.filter(pk=s.user.pk).update(signing_pin=make_password("480512", hasher=hasher))
    s.user.refresh_from_db()
    assert s.sign(pin="480512").method == "pin"
    assert User.objects.get(pk=s.user.pk).signing_pin.startswith("argon2$argon2id$")
    assert s.sign(pin="480512").method == "pin"  # and signs with the new hash


def test_a_wrong_pin_against_an_old_hash_is_refused_and_not_rehashed(s):
    old = make_password("480512", hasher="pbkdf2_sha256")
    User.objects.filter(pk=s.user.pk).update(signing_pin=old)
    s.user.refresh_from_db()
    assert refused(s, pin="480513").reasons == ["the signing PIN is not correct"]
    assert User.objects.get(pk=s.user.pk).signing_pin == old


def test_wrong_pins_lock_the_signer_out_before_any_transaction(s):
    set_signing_pin(user=s.user, password=PASSWORD, pin="480512")
    s.user.refresh_from_db()
    for _ in range(failure_limit()):
        with pytest.raises(SignatureRefused):
            verify_credential(s.user, pin="000111")
    with pytest.raises(SignatureRefused) as caught:
        verify_credential(s.user, pin="480512")  # even the right PIN, while locked out
    assert caught.value.reasons[0].startswith("too many wrong passwords or PINs")


def test_a_pin_check_costs_tens_of_milliseconds_of_cpu_not_half_a_second(db):
    encoded = make_pin("480512")
    hasher = SigningPinHasher()
    started = time.process_time()
    for _ in range(5):
        assert check_pin("480512", encoded, rehash=lambda new: None)
    per_check = (time.process_time() - started) / 5
    assert hasher.must_update(encoded) is False
    assert per_check < 0.2, f"{per_check * 1000:.0f} ms of CPU per PIN check"
