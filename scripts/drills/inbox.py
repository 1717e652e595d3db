"""The edge of the world for the drills: a mail server that takes each message after a short
wait and files it in one inbox file, a JSON line per recipient.

EMAIL_BACKEND=inbox.InboxEmailBackend (with scripts/drills on PYTHONPATH), DRILL_INBOX=<file>,
DRILL_EMAIL_DELAY=<seconds per message>. Lines are appended with one write each, so a process
killed mid-delivery leaves whole lines: a message is either in the inbox or not.
"""

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class InboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        path = os.environ["DRILL_INBOX"]
        delay = float(os.environ.get("DRILL_EMAIL_DELAY", "0"))
        sent = 0
        for message in email_messages:
            time.sleep(delay)
            message_id = message.message()["Message-ID"]
            lines = "".join(
                json.dumps({"to": to, "subject": message.subject, "body": message.body,
                            "message_id": message_id, "pid": os.getpid()}) + "\n"
                for to in message.recipients())
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, lines.encode())
            finally:
                os.close(descriptor)
            sent += 1
        return sent
