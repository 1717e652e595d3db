"""Filters for the service's log."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A refused request (403) is logged as one line, without the traceback of the
    PermissionDenied that refused it: a refusal is the access policy working, not a fault,
    and tracebacks would bury the errors that are."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
