from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth import models as auth_models
        from django.contrib.auth.signals import user_logged_in

        # Signing in saves last_login; that is not a change of the user's record worth auditing.
        def update_last_login_without_history(sender, user, **kwargs):
            user.skip_history_when_saving = True
            try:
                auth_models.update_last_login(sender, user, **kwargs)
            finally:
                del user.skip_history_when_saving

        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_without_history, dispatch_uid="update_last_login")
