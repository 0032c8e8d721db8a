import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Production control's tests read texts in English unless they ask for a language: the installation's default is
    Kazakh, and a page read by an earlier test on the same worker would otherwise leave its language active."""
    with translation.override("en"):
        yield
