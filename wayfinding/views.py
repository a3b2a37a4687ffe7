"""The search page and its suggestions, and the Panduan (help) pages."""
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from . import help as guide
from .search import MIN_LENGTH, clean_query, search, tidy

SUGGESTIONS_PER_KIND = 4


@require_GET
@login_required
def search_page(request):
    """`/cari/?q=`: every kind's matches, grouped, without any script."""
    shown = tidy(request.GET.get("q", ""))
    q = clean_query(shown)
    groups = search(request.user, q)
    return render(request, "search/results.html", {
        "q": shown, "search_q": shown, "searched": bool(q), "too_short": bool(shown) and not q,
        "min_length": MIN_LENGTH, "groups": groups, "total": sum(len(g.hits) for g in groups),
    })


@require_GET
@login_required
def suggest(request):
    """The header box's suggestions as JSON: a few per kind, with the words the screen reader announces."""
    groups = search(request.user, request.GET.get("q", ""), limit=SUGGESTIONS_PER_KIND)
    results = [{"kind": g.kind, "kind_label": str(g.title), "label": h.label, "detail": h.detail, "url": h.url}
               for g in groups for h in g.hits]
    n = len(results)
    status = ngettext("%(n)d suggestion; use the up and down arrows to choose.",
                      "%(n)d suggestions; use the up and down arrows to choose.", n) % {"n": n} if n \
        else _("No suggestion. Press Enter to search.")
    return JsonResponse({"results": results, "status": status})


def help_index(request):
    """`/panduan/`: the roles, the signed-in user's own first."""
    return render(request, "help/index.html", {"roles": guide.roles_for(request.user)})


def help_page(request, role):
    if role not in guide.ROLES:
        raise Http404
    page = guide.ROLES[role]
    return render(request, f"help/{page.slug}.html", {"role": page, "roles": guide.roles_for(request.user),
                                                 "statuses": guide.statuses()})
