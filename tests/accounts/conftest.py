"""The SMTP server fixture of the notifications tests, for the password reset mails."""
from tests.notifications.conftest import smtp  # noqa: F401 (fixture)
