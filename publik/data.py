"""What the public may read: the one source of the public pages, the open datasets and the DCAT catalogue.

Only published facts leave here (smartcity.policy decides what is published): enrolments (tahap and
milestone dates), masterplans that are no longer drafts, their programmes with the status the region's
verified yearly report gave them (else the programme's own current status), and the results of published
evaluations (index, predikat, rank). Never drafts, self-assessment answers, scores, assessors, evidence
files, notes, budgets or anything about people. Each dataset is a list of rows (dicts) in a fixed column
order, described by DATASETS (columns and their CSVW datatypes)."""
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation
from monitoring.models import ReportingWindow
from monitoring.querysets import with_verified_status
from programmes.models import Masterplan, Programme
from regions.models import Enrolment, Region
from smartcity import policy


@dataclass(frozen=True)
class Column:
    name: str
    title_id: str
    title_en: str
    datatype: str  # CSVW/XSD datatype: string, integer, decimal, date, boolean, anyURI


@dataclass(frozen=True)
class Dataset:
    slug: str
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    columns: tuple


REGION = Column("region_code", "Kode Kemendagri", "Kemendagri code", "string")
REGION_NAME = Column("region_name", "Nama daerah", "Region name", "string")

DATASETS = {
    "participants": Dataset(
        "participants", "Peserta Gerakan Menuju Smart City", "Participants of the Gerakan Menuju Smart City",
        "Daerah peserta per tahap (tahun) dengan tanggal tonggak kepesertaan.",
        "Participating regions by tahap (intake year) with the dates of their enrolment milestones.",
        (REGION, REGION_NAME, Column("kind", "Jenis", "Kind", "string"),
         Column("province_code", "Kode provinsi", "Province code", "string"),
         Column("intake_year", "Tahap (tahun)", "Intake year", "integer"),
         Column("status", "Status kepesertaan", "Enrolment status", "string"),
         Column("mou_date", "Tanggal MoU", "MoU date", "date"),
         Column("council_decree_date", "Tanggal SK Dewan Smart City", "Council decree date", "date"),
         Column("team_decree_date", "Tanggal SK Tim Pelaksana", "Implementation team decree date", "date"))),
    "masterplans": Dataset(
        "masterplans", "Masterplan smart city", "Smart city masterplans",
        "Masterplan daerah yang telah final atau ditetapkan: periode, dasar hukum, dan tautan unduhan dokumennya "
        "bila daerah mempublikasikannya.",
        "Regions' masterplans that are final or legalised: period, legal basis, and the download link of the "
        "document where the region published it.",
        (REGION, REGION_NAME, Column("title", "Judul", "Title", "string"),
         Column("period_start", "Awal periode", "Period start", "integer"),
         Column("period_end", "Akhir periode", "Period end", "integer"),
         Column("status", "Status", "Status", "string"),
         Column("legal_basis_number", "Nomor peraturan", "Regulation number", "string"),
         Column("legal_basis_date", "Tanggal peraturan", "Regulation date", "date"),
         Column("document_public", "Dokumen dipublikasikan", "Document published", "boolean"),
         Column("document_url", "Tautan unduhan dokumen", "Document download URL", "anyURI"))),
    "programmes": Dataset(
        "programmes", "Program smart city dan statusnya", "Smart city programmes and their status",
        "Program dan quick win dari masterplan yang tidak lagi draf, dengan status menurut laporan tahunan "
        "terverifikasi (bila ada) atau status program saat ini.",
        "Programmes and quick wins of masterplans that are no longer drafts, with their status as the verified "
        "yearly report gave it (where one exists) or else the programme's current status.",
        (REGION, REGION_NAME, Column("programme_code", "Kode program", "Programme code", "string"),
         Column("name", "Nama program", "Programme name", "string"),
         Column("dimension", "Dimensi (pilar)", "Dimension (pillar)", "string"),
         Column("term", "Jangka", "Term", "string"),
         Column("start_year", "Tahun mulai", "Start year", "integer"),
         Column("end_year", "Tahun selesai", "End year", "integer"),
         Column("status", "Status", "Status", "string"),
         Column("status_year", "Tahun status", "Year of the status", "integer"),
         Column("status_source", "Sumber status", "Source of the status", "string"))),
    "evaluations": Dataset(
        "evaluations", "Hasil evaluasi smart city yang dipublikasikan", "Published smart city evaluation results",
        "Indeks, predikat dan peringkat daerah pada siklus evaluasi yang telah dipublikasikan.",
        "Index, predikat and rank of each region in the evaluation cycles that have been published.",
        (Column("year", "Tahun", "Year", "integer"), REGION, REGION_NAME,
         Column("index", "Indeks", "Index", "decimal"),
         Column("improvement", "Perubahan dari siklus sebelumnya", "Change from the previous cycle", "decimal"),
         Column("predikat", "Predikat", "Predikat", "string"),
         Column("rank", "Peringkat", "Rank", "integer"))),
}
DATASET_TITLES = {"participants": _("Participants"), "masterplans": _("Masterplans"),
                  "programmes": _("Programmes"), "evaluations": _("Published evaluation results")}


def absolute(path):
    """A public URL from settings.PUBLIC_BASE_URL, never from the request's host (identifiers must not vary)."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _iso(value):
    return value.isoformat() if value else None


def participants(region=None):
    qs = Enrolment.objects.select_related("region").order_by("region_id", "cohort_year")
    if region is not None:
        qs = qs.filter(region=region)
    return [{"region_code": e.region_id, "region_name": e.region.name, "kind": e.region.kind,
             "province_code": e.region.parent_id or e.region_id, "intake_year": e.cohort_year, "status": e.status,
             "mou_date": _iso(e.mou_date), "council_decree_date": _iso(e.council_decree_date),
             "team_decree_date": _iso(e.team_decree_date)} for e in qs]


def public_masterplans():
    return Masterplan.objects.exclude(status=Masterplan.Status.DRAFT)


def masterplans(region=None):
    qs = public_masterplans().select_related("region").order_by("region_id", "period_start", "pk")
    if region is not None:
        qs = qs.filter(region=region)
    rows = []
    for m in qs.annotate(document_is_public=Q(policy.public_masterplan_document_q())):
        url = reverse("public:masterplan_document", args=[m.pk]) if m.document_is_public else None
        rows.append({"region_code": m.region_id, "region_name": m.region.name, "title": m.title,
                     "period_start": m.period_start, "period_end": m.period_end, "status": m.status,
                     "legal_basis_number": m.legal_basis_number or None, "legal_basis_date": _iso(m.legal_basis_date),
                     # Whether the public may download it (the policy's answer, not the region's bare checkbox).
                     "document_public": m.document_is_public, "document_url": url and absolute(url),
                     # Not a dataset column: the region page's link to the document the region published.
                     "document_pk": m.pk if m.document_is_public else None})
    return rows


def public_masterplan_document(pk):
    """The masterplan whose document the public may download, or None."""
    return Masterplan.objects.filter(policy.public_masterplan_document_q(), pk=pk).select_related("region").first()


def programmes(region=None):
    """Programmes of public masterplans; the status of the latest reporting year the region's verified report
    covers, else the programme's own current status."""
    qs = Programme.objects.filter(masterplan__in=public_masterplans()).select_related("region")
    if region is not None:
        qs = qs.filter(region=region)
    year = ReportingWindow.objects.aggregate(y=Max("year"))["y"]
    if year is not None:
        qs = with_verified_status(qs, year)
    rows = []
    for p in qs.order_by("region_id", "code", "pk"):
        verified = getattr(p, "verified_status", None)
        if verified:
            status, status_year, source = verified, year, "verified_report"
        else:
            status, status_year, source = p.current_status or None, p.current_year, "programme"
        rows.append({"region_code": p.region_id, "region_name": p.region.name, "programme_code": p.code,
                     "name": p.name, "dimension": p.dimension, "term": p.term, "start_year": p.start_year,
                     "end_year": p.end_year, "status": status, "status_year": status_year,
                     "status_source": source})
    return rows


def published(region=None):
    qs = policy.published_evaluations(Evaluation.objects.all()).select_related("region", "cycle__instrument")
    if region is not None:
        qs = qs.filter(region=region)
    return qs.order_by("cycle__year", "rank_national", "region_id")


def evaluations(region=None):
    """The published figures as the ministry's letter fixed them (improvement and national rank at publication)."""
    rows = []
    for e in published(region):
        rows.append({"year": e.cycle.year, "region_code": e.region_id, "region_name": e.region.name,
                     "index": e.index, "improvement": e.improvement,
                     "predikat": (e.predikat or None) if e.cycle.instrument.uses_predikat else None,
                     "rank": e.rank_national})
    return rows


ROWS = {"participants": participants, "masterplans": masterplans, "programmes": programmes,
        "evaluations": evaluations}


def first_intakes(codes):
    """{region code: the year of its first active intake, or None if it never joined} (one query)."""
    return dict(Region.objects.filter(code__in=codes).with_cohort().values_list("code", "cohort"))


def province_participants():
    """{province code: number of its kabupaten/kota with an active enrolment}, and the active ones' codes."""
    active = set(Enrolment.objects.filter(status="active").values_list("region_id", flat=True))
    counts = {}
    for parent in Region.objects.filter(code__in=active).values_list("parent_id", flat=True):
        if parent:
            counts[parent] = counts.get(parent, 0) + 1
    return counts, active
