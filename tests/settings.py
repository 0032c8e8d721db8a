"""Test settings: the production settings module with test-friendly environment defaults.

The environment still wins, so `DATABASE_URL=postgres://...` runs the same suite on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LANGUAGE_CODE", "kk")
os.environ.setdefault("STATIC_MANIFEST", "false")
# Uploads in progress and the like go to a private directory per test run, never into the developer's var/.
os.environ.setdefault("QAUIPSIZ_DATA_DIR", tempfile.mkdtemp(prefix="qauipsiz-test-"))
(Path(os.environ["QAUIPSIZ_DATA_DIR"]) / "static").mkdir(exist_ok=True)
# The production default: no GOST verification service. Tests that need one start a fake and point the setting at it.
os.environ.setdefault("QAUIPSIZ_GOST_VERIFIER_URL", "")

from qauipsiz.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",  # speed: tests hash thousands of passwords
                    # the signing PINs' hashes, and the PBKDF2 of PINs set before them (rehashed on use)
                    "django.contrib.auth.hashers.Argon2PasswordHasher",
                    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the ledger's concurrency and crash tests reach the test database from other threads and
    # from a separate process, as a second server would.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(os.environ["QAUIPSIZ_DATA_DIR"]) / "test.sqlite3")}  # noqa: F405

# A toy domain, to prove that a domain plugs into the site through its one registration call (tests/toydomain/).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.toydomain"]  # noqa: F405
