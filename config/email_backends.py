"""Email through GOV.UK Notify, behind Django's email interface.

Select it with EMAIL_BACKEND=config.email_backends.GovukNotifyEmailBackend and set
GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID. The template holds two placeholders,
((subject)) and ((body)), so every message the service sends goes through one template.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class GovukNotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.GOVUK_NOTIFY_API_KEY or not settings.GOVUK_NOTIFY_TEMPLATE_ID:
            raise ImproperlyConfigured(
                "GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID must be set to send email "
                "through GOV.UK Notify")
        self.client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY)

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=settings.GOVUK_NOTIFY_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent
