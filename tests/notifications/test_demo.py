"""`load_demo` leaves notifications and one digest mail for each demo user; a rerun adds neither."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification


@pytest.mark.django_db
def test_every_demo_user_has_notifications_and_one_digest_mail_and_a_rerun_adds_nothing():
    call_command("load_demo", verbosity=0)
    users = list(get_user_model().objects.filter(email__endswith="@demo.smartcity.go.id"))
    assert len(users) >= 6
    for user in users:
        assert Notification.objects.filter(user=user).exists(), user.username
        assert len([m for m in mail.outbox if m.to == [user.email]]) == 1, user.username
    counts = Notification.objects.count(), len(mail.outbox)
    bantul = next(m for m in mail.outbox if m.to == ["bantul@demo.smartcity.go.id"])
    assert "penilaian mandiri" in bantul.body.lower() or "hasil evaluasi" in bantul.body.lower()

    call_command("load_demo", verbosity=0)
    assert (Notification.objects.count(), len(mail.outbox)) == counts
