"""Excel and CSV in and out: the import template, the import (upload, preview, confirm) and the exports.

Each view only asks the policy, collects parameters and hands over to programmes.imports or
programmes.exports.
"""
import logging
import secrets
import time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View

from smartcity import policy

from .. import exports, imports
from ..filtersets import ProgrammeFilterSet
from ..models import Masterplan, Programme

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_DIR = "programme-imports"
SESSION_KEY = "programme_imports"
PENDING_MAX_AGE = 60 * 60  # seconds a checked file waits for its confirmation
SHOWN_PROBLEMS = 200


def editable_masterplan(user, pk):
    """The masterplan if the user may change it: not visible is 404, visible but not editable is 403."""
    masterplan = get_object_or_404(Masterplan.objects.visible_to(user).select_related("region"), pk=pk)
    if not policy.can(user, policy.CHANGE, masterplan):
        raise PermissionDenied(_("You may view this masterplan but not change it."))
    return masterplan


# --- export ------------------------------------------------------------------------------------------------

@login_required
def programme_export(request, fmt):
    """The programme table the user sees, with the table's own filters, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset = Programme.objects.visible_to(request.user).for_table()
    filterset = ProgrammeFilterSet(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
    queryset = filterset.qs
    if not request.GET.get("ordering"):
        queryset = queryset.order_by("region__code", "masterplan__period_start", "masterplan_id", "code")
    # In the user's language: "program-2026-12-07.xlsx" in Indonesian, "programmes-2026-12-07.xlsx" in English.
    filename = pgettext("file name", "programmes-%(date)s") % {"date": timezone.localdate().isoformat()} + f".{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(queryset), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.xlsx_bytes(queryset, title=_("Programmes")), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the template --------------------------------------------------------------------------------------------

@login_required
def import_template(request, pk):
    """The Indonesian Excel form of a masterplan the user may change, filled with its programmes."""
    masterplan = editable_masterplan(request.user, pk)
    response = HttpResponse(exports.import_template(masterplan), content_type=XLSX_TYPE)
    filename = pgettext("file name", "programmes-%(region)s-masterplan-%(start)s-%(end)s") % {
        "region": slugify(masterplan.region.name), "start": masterplan.period_start,
        "end": masterplan.period_end} + ".xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the import -----------------------------------------------------------------------------------------------

class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("The template of this masterplan, filled in. At most 2,000 programmes and 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than %(size)s MB.") % {
                "size": imports.MAX_FILE_SIZE // (1024 * 1024)})
        return upload


class ProgrammeImportView(View):
    """GET: the upload form. POST a file: check it and preview, writing nothing.
    POST a token: import the checked file (validated again) all or nothing.

    Another import of the same shape (regions' profile import) subclasses this and names its own
    `owner()`, `check()`, `apply()`, `success_url()` and `render()`."""

    template_name = "programmes/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        self.masterplan = editable_masterplan(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        return self.render(ImportUploadForm())

    def owner(self):
        """What a checked file is kept for: it can be confirmed only there."""
        return self.masterplan.pk

    def check(self, content):
        return imports.plan_import(self.masterplan, content)

    def apply(self, content, digest):
        return imports.import_programmes(self.request.user, self.masterplan, content, expected_digest=digest)

    def success_url(self):
        return self.masterplan.get_absolute_url()

    def post(self, request, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        content = upload.read(imports.MAX_FILE_SIZE + 1)
        plan = self.check(content)
        token = self.keep(content, upload.name) if plan.ok else None
        return self.render(ImportUploadForm(), plan=plan, token=token, filename=upload.name)

    def confirm(self, request):
        token = request.POST.get("token", "")
        record = self.pending(token)
        content = self.read(record) if record else None
        if content is None:
            messages.error(request, _("This check has expired or its file was already imported. "
                                      "Upload the file again."))
            return redirect(request.path)
        try:
            plan = self.apply(content, request.POST.get("digest", ""))
        except imports.ImportRejected as exc:
            self.discard(token)
            return self.render(ImportUploadForm(), plan=exc.plan, filename=record["filename"])
        except imports.PlanChanged as exc:
            return self.render(ImportUploadForm(), plan=exc.plan, token=token, filename=record["filename"],
                               moved=True)
        self.discard(token)
        messages.success(request, _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s "
                                    "unchanged.") % {"created": len(plan.to_create), "updated": len(plan.to_update),
                                                     "unchanged": len(plan.unchanged)})
        return redirect(self.success_url())

    def render(self, form, plan=None, token=None, filename="", moved=False, status=200):
        problems = plan.problems if plan else []
        context = {
            "masterplan": self.masterplan,
            "region": self.masterplan.region,
            "period": f"{self.masterplan.period_start}–{self.masterplan.period_end}",
            "form": form,
            "plan": plan,
            "problems": [str(p) for p in problems[:SHOWN_PROBLEMS]],
            "hidden_problems": max(0, len(problems) - SHOWN_PROBLEMS),
            "token": token,
            "filename": filename,
            "moved": moved,
            "template_url": reverse("programmes:import_template", args=[self.masterplan.pk]),
        }
        return render(self.request, self.template_name, context, status=status)

    # The checked file waits in the default storage under a random name; the session holds the name,
    # so that only this user, for this masterplan, can confirm it, and the content is checked again.

    def keep(self, content, filename):
        self.purge()
        token = secrets.token_urlsafe(32)
        name = default_storage.save(f"{UPLOAD_DIR}/{token}.xlsx", ContentFile(content))
        pending = self.request.session.get(SESSION_KEY, {})
        for old_token, record in list(pending.items()):
            if record.get("owner") == self.owner() or time.time() - record["at"] > PENDING_MAX_AGE:
                self._delete(record["name"])
                del pending[old_token]
        pending[token] = {"owner": self.owner(), "user": self.request.user.pk, "name": name,
                          "filename": filename[:200], "at": time.time()}
        self.request.session[SESSION_KEY] = pending
        return token

    def pending(self, token):
        record = self.request.session.get(SESSION_KEY, {}).get(token) if token else None
        if (record is None or record.get("owner") != self.owner() or record["user"] != self.request.user.pk
                or time.time() - record["at"] > PENDING_MAX_AGE):
            return None
        return record

    def read(self, record):
        try:
            with default_storage.open(record["name"], "rb") as handle:
                return handle.read(imports.MAX_FILE_SIZE + 1)
        except OSError:
            return None

    def discard(self, token):
        pending = self.request.session.get(SESSION_KEY, {})
        record = pending.pop(token, None)
        if record:
            self._delete(record["name"])
        self.request.session[SESSION_KEY] = pending

    @staticmethod
    def _delete(name):
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not delete the pending import file %s", name)

    @staticmethod
    def purge():
        """Files of checks nobody confirmed: removed once they are a day old."""
        try:
            _, names = default_storage.listdir(UPLOAD_DIR)
            for name in names:
                path = f"{UPLOAD_DIR}/{name}"
                if (timezone.now() - default_storage.get_modified_time(path)).total_seconds() > 24 * 3600:
                    default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            pass
        except OSError:
            logger.warning("could not purge old pending import files", exc_info=True)
