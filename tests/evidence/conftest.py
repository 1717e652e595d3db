"""The evidence base's tests: the real clamd and object store documents are tried against."""

from tests.inspections.conftest import assign, inspection, make_inspection, notify  # noqa: F401
from tests.storage.daemons import (  # noqa: F401
    clamd_socket,
    document_storage,
    object_store,
    scanner,
)
