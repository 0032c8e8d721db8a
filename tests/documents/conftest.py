"""The sample print templates of these tests (tests/documents/templates/), found beside the application's own."""

from pathlib import Path

import pytest

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Every letter of the Kazakh alphabet beyond the Russian one, in both cases.
KAZAKH_LETTERS = "әғқңөұүһі" + "ӘҒҚҢӨҰҮҺІ"
KAZAKH_TEXT = "Қауіпсіздік шаралары: ә ғ қ ң ө ұ ү һ і"
KAZAKH_CAPITALS = "Ә Ғ Қ Ң Ө Ұ Ү Һ І"


@pytest.fixture
def print_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES_DIR]}]


@pytest.fixture
def sample_context():
    return {"kazakh": KAZAKH_TEXT, "capitals": KAZAKH_CAPITALS, "filled": "Сварочные работы", "missing": ""}
