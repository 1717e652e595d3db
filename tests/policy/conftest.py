"""The policy is tried on inspections built as the lifecycle builds them, and every route in
the world test_routes builds (which other checks over every route use too)."""

from tests.inspections.conftest import assign, inspection, make_inspection, notify  # noqa: F401
from tests.policy.test_routes import people, world  # noqa: F401
