"""The letter tests build on the inspections the inspection tests build."""

from tests.inspections.conftest import (  # noqa: F401
    assign,
    inspection,
    make_inspection,
    notify,
    walk,
)
