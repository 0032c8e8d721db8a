"""Test settings: the production settings module with test-friendly environment defaults.

The environment still wins, so `DATABASE_URL=postgres://...` runs the same suite on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LANGUAGE_CODE", "kk")
os.environ.setdefault("STATIC_MANIFEST", "false")

from qauipsiz.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests hash thousands of passwords
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
