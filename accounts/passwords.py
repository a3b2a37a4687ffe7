"""Self-service password reset with Django's own views: throttled by the real client address
(smartcity.net.client_ip), the same answer whether or not the address belongs to an account, the mail sent at
once (not part of the notifications digest) in the account's own language."""
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from smartcity.net import client_ip

# Requests per client address per hour; the cache is shared between processes where CACHE_URL is set.
RESET_RATE = getattr(settings, "PASSWORD_RESET_RATE", 5)
WINDOW = 3600


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        with translation.override(getattr(context["user"], "language", None) or settings.LANGUAGE_CODE):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)


def over_limit(request):
    """Count this request against its client address; True once the address has used its hourly allowance."""
    key = f"password-reset:{client_ip(request)}"
    try:
        cache.add(key, 0, WINDOW)
        return cache.incr(key) > RESET_RATE
    except Exception:  # a cache that is down lets the request through (as the API throttles do)
        return False


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"

    def post(self, request, *args, **kwargs):
        if over_limit(request):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many password reset requests from your address. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
