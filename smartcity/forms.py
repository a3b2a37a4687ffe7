"""Form bases: every edit of an existing record carries the version it was loaded at; sign-in forms that
check the username's length on the server."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class VersionedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class BoundedUsernameMixin:
    """Django's AuthenticationForm sets the username's max_length after the field is built, so only the
    browser's maxlength attribute enforces it; a longer name then reached authenticate() and django-axes,
    whose column holds 255 characters (a 500). Check it on the server, before anything is looked up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class PortalAuthenticationForm(BoundedUsernameMixin, AuthenticationForm):
    pass
