"""The policy is tried on inspections built as the lifecycle builds them."""

from tests.inspections.conftest import assign, inspection, make_inspection, notify  # noqa: F401
