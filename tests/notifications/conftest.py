"""The yearly report's world (tests/monitoring/conftest.py) and a real SMTP server for the mails."""
import socket
import time

import pytest

from tests.monitoring.conftest import _seven_enrolled, monitoring  # noqa: F401 (fixtures)


class Inbox:
    """Messages an aiosmtpd server on loopback received, as email.message objects."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m["X-Rcpt"]]

    def wait(self, count, seconds=5):
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server started for the test; the e-mail backend of this process is pointed at it (Django's
    test set-up forces the in-memory one otherwise). `smtp.env` carries the same for a subprocess."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    inbox.env = {"EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    yield inbox
    controller.stop()
