"""Django admin under the one policy: the site opens for admin and ministry, lists are scoped,
and only the national secretariat (admin) changes anything here."""
from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import policy
from .forms import BoundedUsernameMixin, VersionedModelForm


def year_column(field="year", description=None):
    """A list column for a year: the admin prints integer fields with the thousands separator ("2.026")."""

    @admin.display(description=description or _("year"), ordering=field)
    def column(obj):
        value = getattr(obj, field)
        return "" if value is None else str(value)

    column.__name__ = f"{field}_column"
    return column


class PortalAdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    """The admin login asks the policy, not Django's is_staff flag."""

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not policy.can(user, policy.USE_ADMIN_SITE):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                        params={"username": self.username_field.verbose_name})


class PortalAdminSite(admin.AdminSite):
    site_header = _("Monev Smart City — administration")
    site_title = _("Monev Smart City")
    index_title = _("Reference data and users")
    login_form = PortalAdminLoginForm

    def has_permission(self, request):
        return request.user.is_active and policy.can(request.user, policy.USE_ADMIN_SITE)


class PolicyAdmin(SimpleHistoryAdmin):
    """Scoped by the policy; read-only for everyone but the national secretariat."""

    region_field = "region"

    def get_queryset(self, request):
        return policy.restrict(super().get_queryset(request), request.user, policy.VIEW, field=self.region_field)

    def has_module_permission(self, request):
        return policy.can(request.user, policy.USE_ADMIN_SITE)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, policy.USE_ADMIN_SITE)

    def has_add_permission(self, request, *args):
        return policy.can(request.user, policy.MANAGE_REFERENCE)

    def has_change_permission(self, request, obj=None):
        return policy.can(request.user, policy.MANAGE_REFERENCE)

    def has_delete_permission(self, request, obj=None):
        return policy.can(request.user, policy.MANAGE_REFERENCE)


class ReferenceAdmin(PolicyAdmin):
    """Only the national secretariat sees these at all (users, role assignments)."""

    def get_queryset(self, request):
        return super(PolicyAdmin, self).get_queryset(request)

    def has_module_permission(self, request):
        return policy.can(request.user, policy.MANAGE_REFERENCE)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, policy.MANAGE_REFERENCE)


class VersionedAdminForm(VersionedModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("version") != current:
                raise forms.ValidationError(_("Someone else saved this record after you opened it. "
                                              "Reload the page to see the newer data, then make your changes again."))
        return cleaned


class VersionedAdminMixin:
    """Admin edits of a VersionedModel carry the version too: no lost update through the admin."""

    form = VersionedAdminForm

    def get_form(self, request, obj=None, **kwargs):
        # `version` is not an editable model field; the form declares it itself as a hidden input.
        if kwargs.get("fields"):
            kwargs["fields"] = [f for f in kwargs["fields"] if f != "version"]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save_versioned(form.cleaned_data.get("version"))
        else:
            obj.save()
