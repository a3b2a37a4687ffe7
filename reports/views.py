"""Report pages: "Laporan saya" (the user's reports, with a request form), a report's page with its
progress (polled by htmx until it is done or failed), and the download, which asks the policy.

The request views run outside the request's transaction (non_atomic_requests): the service commits the
new report and queues it at once, so the answer can tell whether the queue took it."""
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.models import Evaluation
from smartcity import policy
from smartcity.exceptions import form_errors

from . import services
from .forms import ReportRequestForm, evaluation_choices, year_choices
from .models import Report

LIST_LIMIT = 50


def _visible_report(user, pk):
    report = get_object_or_404(Report.objects.visible_to(user).for_list(), pk=pk)
    if not services.variant_allowed(user, report):
        raise Http404(_("No report found."))
    return report


def _list_context(request, form=None):
    user = request.user
    reports = [r for r in Report.objects.requested_by_user(user).visible_to(user).for_list()[:LIST_LIMIT]
               if services.variant_allowed(user, r)]
    return {
        "reports": reports,
        "form": form or ReportRequestForm(),
        "evaluations": evaluation_choices(user),
        "national": policy.can(user, policy.VIEW_NATIONAL),
        "years": year_choices() if policy.can(user, policy.VIEW_NATIONAL) else [],
    }


@login_required
@require_GET
def report_list(request):
    return render(request, "reports/report_list.html", _list_context(request))


@login_required
@require_GET
def report_detail(request, pk):
    report = _visible_report(request.user, pk)
    return render(request, "reports/report_detail.html", {"report": report})


@login_required
@require_GET
def report_progress(request, pk):
    """The progress panel alone (htmx polls it while the report is in flight)."""
    report = _visible_report(request.user, pk)
    return render(request, "reports/_progress.html", {"report": report, "compact": request.GET.get("compact") == "1"})


@transaction.non_atomic_requests
@login_required
@require_POST
def report_request(request):
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    data = form.cleaned_data
    try:
        with form_errors(form, atomic=False) as refused:
            report, reused = services.request_report(
                request.user, data["kind"], evaluation=data["evaluation"] if data["kind"] == Report.Kind.EVALUATION
                else None, year=data["year"] if data["kind"] == Report.Kind.NATIONAL else None,
                language=translation.get_language(), rebuild=data["rebuild"])
    except Evaluation.DoesNotExist:
        raise Http404(_("No evaluation found.")) from None
    if refused:
        return _refused(request, form)
    report.refresh_from_db()
    if request.htmx:
        return render(request, "reports/_progress.html", {"report": report, "reused": reused})
    return redirect(report)


def _refused(request, form):
    if request.htmx:
        return render(request, "reports/_request_errors.html", {"form": form}, status=400)
    return render(request, "reports/report_list.html", _list_context(request, form), status=400)


@login_required
@require_GET
def report_download(request, pk):
    """The stored PDF, to those the policy lets see the report's subject (404 for anyone else)."""
    report = _visible_report(request.user, pk)
    if not report.is_done:
        raise Http404(_("This report is not ready yet."))
    return pdf_response(report)


def pdf_response(report):
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The report file is missing; request the report again.")) from None
    response = FileResponse(handle, as_attachment=True, filename=report.download_name(),
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
