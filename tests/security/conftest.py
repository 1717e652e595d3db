"""Security checks run on the world the access policy is tried in (tests/policy)."""

from tests.inspections.conftest import assign, inspection, make_inspection, notify  # noqa: F401
from tests.policy.test_routes import people, world  # noqa: F401
