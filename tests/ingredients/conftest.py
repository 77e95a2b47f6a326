from pathlib import Path

import pytest
from django.conf import settings

from treatsafe.ingredients import cosing
from treatsafe.ingredients.index import CosingIndex


@pytest.fixture(scope="session")
def cosing_data():
    """The shipped CosIng files, read without a database."""
    base = Path(settings.REFERENCE_DATA_DIR)
    return cosing.read_cosing({name: base / f"{name}.gz" for name in cosing.FILES})


@pytest.fixture(scope="session")
def cosing_index(cosing_data):
    return CosingIndex.from_cosing(cosing_data)
