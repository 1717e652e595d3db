"""Email through GOV.UK Notify: the Notify API is the edge of the world, so it is replaced
here by a recorder; everything on our side of it is real."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection

from config import email_backends


class RecordingNotifyClient:
    def __init__(self, api_key):
        self.api_key = api_key
        self.sent = []

    def send_email_notification(self, **kwargs):
        self.sent.append(kwargs)
        return {"id": "fake"}


@pytest.fixture
def notify(settings, monkeypatch):
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = "template-123"
    monkeypatch.setattr(email_backends, "NotificationsAPIClient", RecordingNotifyClient)
    return get_connection("config.email_backends.GovukNotifyEmailBackend")


def test_each_recipient_gets_the_message_through_the_one_template(notify):
    sent = notify.send_messages([EmailMessage(subject="Due soon", body="Body text",
                                              to=["a@example.org", "b@example.org"])])
    assert sent == 2
    assert notify.client.sent == [
        {"email_address": "a@example.org", "template_id": "template-123",
         "personalisation": {"subject": "Due soon", "body": "Body text"}},
        {"email_address": "b@example.org", "template_id": "template-123",
         "personalisation": {"subject": "Due soon", "body": "Body text"}},
    ]


def test_it_refuses_to_start_without_its_settings(settings):
    settings.GOVUK_NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="GOVUK_NOTIFY_API_KEY"):
        get_connection("config.email_backends.GovukNotifyEmailBackend")
