"""The evidence tests build on the inspections the inspection tests build, and try
documents against a real clamd and a real object store."""

import pytest

from tests.inspections.conftest import (  # noqa: F401
    assign,
    inspection,
    make_inspection,
    notify,
)
from tests.storage.daemons import (  # noqa: F401
    clamd_socket,
    document_storage,
    object_store,
    scanner,
)


@pytest.fixture
def on_site(inspection, notify):  # noqa: F811 (the fixtures imported above)
    """Medway's inspection of December 2017, notified, so its area's users see it."""
    notify(inspection)
    return inspection
