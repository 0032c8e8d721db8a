"""What every benchmark does before it imports anything of Django: the project on the path, and Django set up on a
database and data directory of its own (a temporary directory, gone when the process ends), never the developer's,
with the test settings' defaults (fast password hashes, no secrets). Imported first, for its effect."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = tempfile.TemporaryDirectory(prefix="qauipsiz-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["QAUIPSIZ_DATA_DIR"] = DATA_DIR.name
# The settings read DATABASE_URL.
os.environ["DATABASE_URL"] = f"sqlite:///{DATA_DIR.name}/bench.sqlite3"

import django  # noqa: E402

django.setup()
