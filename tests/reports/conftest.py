"""The letter tests build on the inspections the inspection tests build, or on the demo
data."""

import io

import pytest
from django.core.management import call_command

from tests.inspections.conftest import (  # noqa: F401
    assign,
    inspection,
    make_inspection,
    notify,
    walk,
)


@pytest.fixture
def seeded(settings, tmp_path):
    """The demo data, with its files under a folder of the test's own."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
