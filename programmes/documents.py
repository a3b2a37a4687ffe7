"""A masterplan's PDF as a download: one response for the signed-in view (programmes.views) and the public
one (publik.views); each view decides who may have it (smartcity.policy), this only serves the file."""
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _


def masterplan_document_response(masterplan, cache_control="private, no-store"):
    """The stored PDF under a readable name; 404 when there is none or its file is gone."""
    if not masterplan.document:
        raise Http404(_("This masterplan has no document."))
    try:
        handle = masterplan.document.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document file is missing.")) from None
    title = masterplan.title.replace("–", "-")
    if str(masterplan.period_start) not in title:
        title = f"{title} {masterplan.period_start}-{masterplan.period_end}"
    filename = f"{slugify(title)[:150] or 'masterplan'}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = cache_control
    return response
