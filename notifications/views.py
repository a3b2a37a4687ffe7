"""The notifications page (opening it marks what it shows as read) and the user's mail preferences."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import services
from .models import Kind


class NotificationListView(LoginRequiredMixin, View):
    def get(self, request):
        page = Paginator(request.user.notifications.order_by("-created", "-id"), 50).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        unread = {n.pk for n in rows if n.read_at is None}
        if unread:
            services.mark_read(request.user, [n for n in rows if n.pk in unread])
        return render(request, "notifications/notification_list.html", {
            "page_obj": page, "paginator": page.paginator, "is_paginated": page.has_other_pages(),
            "notifications": rows, "unread": unread})


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the mails"), choices=settings.LANGUAGES)
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me a daily e-mail digest of"), choices=Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Notifications always appear in the portal; at most one e-mail a day gathers the new ones."))


class PreferencesView(LoginRequiredMixin, View):
    template = "notifications/preferences.html"

    def get(self, request):
        user = request.user
        form = PreferencesForm(initial={"language": user.language, "email_kinds": [
            k for k in Kind.values if k not in (user.email_muted or [])]})
        return render(request, self.template, {"form": form})

    def post(self, request):
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            return render(request, self.template, {"form": form}, status=400)
        user = request.user
        user.language = form.cleaned_data["language"]
        user.email_muted = [k for k in Kind.values if k not in form.cleaned_data["email_kinds"]]
        user._change_reason = "Notification preferences"
        user.save(update_fields=["language", "email_muted"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
