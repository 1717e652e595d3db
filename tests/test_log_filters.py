"""A refused request is logged as one line, never with a traceback; errors keep theirs."""

import logging

from django.urls import reverse


def test_a_403_is_logged_without_a_traceback(client, lano, caplog):
    client.force_login(lano)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("audit:list")).status_code == 403
    refused = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert len(refused) == 1
    assert refused[0].getMessage() == "Forbidden (Permission denied): /audit/"
    assert refused[0].exc_info is None and not refused[0].exc_text
    assert "Traceback" not in caplog.text


def test_other_records_keep_their_traceback():
    from config.log_filters import ForbiddenWithoutTraceback

    try:
        raise ValueError("broken")
    except ValueError:
        import sys
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                                   "Internal Server Error", None, sys.exc_info())
    record.status_code = 500
    assert ForbiddenWithoutTraceback().filter(record)
    assert record.exc_info is not None
