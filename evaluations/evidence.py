"""Evidence files attached to self-assessment answers: what is accepted (judged by the content, not
by the name or the type the browser claims), where it is stored (a name nobody can guess), the only
way it is served (a view that asks the policy), and how long it is kept: a stored file stays only if
the save that stored it commits, and a replaced or removed one is deleted once the save commits
(smartcity.files; answers are written in bulk, without model signals, so the service says so here)."""
import secrets

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from smartcity.files import delete_after_commit, keep_if_committed

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Leading bytes of each accepted kind → (extension, content type).
SIGNATURES = [
    (b"%PDF-", ("pdf", "application/pdf")),
    (b"\x89PNG\r\n\x1a\n", ("png", "image/png")),
    (b"\xff\xd8\xff", ("jpg", "image/jpeg")),
]
ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
CONTENT_TYPES = {ext: content_type for _sig, (ext, content_type) in SIGNATURES}


def sniff(upload):
    """(extension, content type) of an uploaded file by its first bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def check_evidence_file(upload):
    """Raise ValidationError unless `upload` is a PDF, PNG or JPEG of at most 10 MB."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is too large: evidence may be at most %(max)s.") % {
            "max": filesizeformat(MAX_EVIDENCE_BYTES)}, code="too_large")
    if upload.size == 0 or sniff(upload) is None:
        raise ValidationError(_("This file is not a PDF, PNG or JPEG document. Upload the evidence in one of "
                                "these formats."), code="bad_type")


def store_evidence_file(evaluation, upload):
    """Save a checked upload under a name nobody can guess; returns the storage name."""
    extension, _content_type = sniff(upload)
    stem = get_valid_filename((upload.name or "bukti").rsplit(".", 1)[0])[:60] or "bukti"
    name = f"evidence/{evaluation.cycle.year}/{evaluation.region_id}/{secrets.token_urlsafe(18)}/{stem}.{extension}"
    name = default_storage.save(name, upload)
    keep_if_committed(name, default_storage)
    return name


def delete_replaced_evidence(existing, rows):
    """The files of stored answers (`existing`, by criterion id) that `rows` replace or remove (a row's
    `evidence_file` is then the new stored name, or ""): deleted once the save commits, kept if it fails."""
    for row in rows:
        if "evidence_file" not in row:
            continue
        answer = existing.get(row["criterion"])
        old = answer.evidence_file.name if answer is not None and answer.evidence_file else ""
        if old and old != row["evidence_file"]:
            delete_after_commit(old, default_storage)


def content_type_of(name):
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
