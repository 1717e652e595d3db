"""The evidence tests build on the inspections the inspection tests build."""

import pytest

from tests.inspections.conftest import (  # noqa: F401
    assign,
    inspection,
    make_inspection,
    notify,
)


@pytest.fixture
def on_site(inspection, notify):  # noqa: F811 (the fixtures imported above)
    """Medway's inspection of December 2017, notified, so its area's users see it."""
    notify(inspection)
    return inspection
