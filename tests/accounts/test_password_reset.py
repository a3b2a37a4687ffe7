"""Self-service password reset by e-mail, through a real SMTP server: the mail goes at once in the account's
language; the answer is the same whether or not the address exists; requests are throttled by the client's
real address (a made-up X-Forwarded-For changes nothing)."""
import re

from django.test import Client

RESET = "/accounts/password-reset/"


def test_a_reset_mail_goes_at_once_in_the_users_language_and_its_link_sets_a_new_password(world, smtp):
    world.users["bantul"].language = "en"
    world.users["bantul"].save()
    response = Client().post(RESET, {"email": "bantul@test.smartcity.go.id"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    smtp.wait(1)
    [mail] = smtp.to("bantul@test.smartcity.go.id")
    body = mail.get_content()
    assert "You're receiving this email because you requested a password reset" in body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Kota-cerdas-2026!",
                                                    "new_password2": "Kota-cerdas-2026!"})
    assert done.status_code == 302
    world.users["bantul"].refresh_from_db()
    assert world.users["bantul"].check_password("Kota-cerdas-2026!")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world, smtp):
    known = Client().post(RESET, {"email": "sleman@test.smartcity.go.id"})
    unknown = Client().post(RESET, {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    smtp.wait(1)
    assert smtp.to("nobody@example.org") == []
    assert "Anda menerima email ini" in smtp.to("sleman@test.smartcity.go.id")[0].get_content()


def test_requests_are_throttled_by_the_real_client_address(world, smtp):
    client = Client()
    answers = [client.post(RESET, {"email": "nobody@example.org"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
               for n in range(7)]
    assert answers[:5] == [302] * 5
    assert answers[5:] == [429, 429]
    refused = client.post(RESET, {"email": "bantul@test.smartcity.go.id"})
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert smtp.to("bantul@test.smartcity.go.id") == []
