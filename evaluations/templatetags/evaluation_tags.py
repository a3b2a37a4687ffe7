"""Template helpers of the evaluation pages."""
from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def criterion_code(value):
    """A criterion's code (O01, K10) whose zeros cannot pass for the letter O in any font: each zero is marked
    (a dot inside, drawn by CSS: no font the reader has is relied on). The text stays the code as typed."""
    marked = "".join('<span class="code-zero">0</span>' if ch == "0" else escape(ch) for ch in str(value))
    return format_html('<span class="criterion-code">{}</span>', mark_safe(marked))  # each character escaped above
