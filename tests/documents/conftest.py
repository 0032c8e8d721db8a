"""The specimen form of these tests (documents/typst/specimen.typ) and its data."""

import pytest

from qauipsiz.documents.render import TYPST_DIR

SPECIMEN = TYPST_DIR / "specimen.typ"
# Every letter of the Kazakh alphabet beyond the Russian one, in both cases.
KAZAKH_LETTERS = "әғқңөұүһі" + "ӘҒҚҢӨҰҮҺІ"
KAZAKH_TEXT = "Қауіпсіздік шаралары: ә ғ қ ң ө ұ ү һ і"
KAZAKH_CAPITALS = "Ә Ғ Қ Ң Ө Ұ Ү Һ І"


@pytest.fixture
def sample_data():
    return {"title": "Қазақ тілі", "kazakh": KAZAKH_TEXT, "capitals": KAZAKH_CAPITALS, "filled": "Сварочные работы",
            "missing": ""}


@pytest.fixture
def package_template(request):
    """Writes a throwaway .typ template inside the package (Typst compiles only files under its root) and removes it."""
    written = []

    def write(source: str):
        path = TYPST_DIR / f"_test_{request.node.name[:40].replace('[', '_').replace(']', '_')}_{len(written)}.typ"
        path.write_text(source)
        written.append(path)
        return path

    yield write
    for path in written:
        path.unlink(missing_ok=True)
