"""The API's JSON parser: DRF's, after a nesting check that refuses a body nested deeper than any payload of ours.

Python's JSON decoder recurses once per level: a body of a thousand `[` raises RecursionError, which no
view expects (a 500). The depth is counted without recursion, over the brackets outside strings, before
the decoder sees the body.
"""
import io
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Our deepest payload (a list of scores in an object) is three levels; this leaves room for any client.
MAX_DEPTH = 32

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def nesting_depth(body):
    """How deep arrays and objects nest in a JSON text (bytes); brackets inside strings do not count."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", body)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing (400) a body nested deeper than MAX_DEPTH before decoding it."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        # The count reads bytes: in UTF-16/32 a bracket is not one byte, so those are decoded and re-encoded first.
        probe = body if encoding.lower().replace("-", "") in ("utf8", "ascii") else self._as_utf8(body, encoding)
        if nesting_depth(probe) > MAX_DEPTH:
            raise ParseError(_("JSON nested more than %(max)d levels deep is not accepted.") % {"max": MAX_DEPTH})
        return super().parse(io.BytesIO(body), media_type, parser_context)

    @staticmethod
    def _as_utf8(body, encoding):
        try:
            return body.decode(encoding).encode("utf-8")
        except (LookupError, UnicodeError) as exc:
            raise ParseError(_("The request body is not valid %(encoding)s text.") % {"encoding": encoding}) from exc
