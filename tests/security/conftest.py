import pytest

from . import records


@pytest.fixture
def two_organisations(db) -> tuple[dict, dict]:
    return records.two_organisations()
