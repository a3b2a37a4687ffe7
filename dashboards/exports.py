"""Every dashboard table as rows of typed values, and those tables out to CSV or XLSX.

The same view models as the page (dashboards.queries), so an export shows what the page shows for
the same filters. Text is escaped against formula injection as in programmes.exports.
"""
import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from programmes.exports import MONEY_FORMAT, _csv_value, _write
from programmes.models import UpdateStatus
from programmes.views.pages import NO_UPDATE_LABEL

MONEY, INDEX, PERCENT = "money", "index", "percent"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: tuple
    rows: tuple
    formats: tuple = ()  # per column: None, MONEY, INDEX or PERCENT (XLSX number formats)


def _status_header():
    return tuple(str(label) for _v, label in UpdateStatus.choices) + (str(NO_UPDATE_LABEL),)


def _status_values(figures):
    return tuple(figures.by_status.get(value, 0) for value in UpdateStatus.values) + (figures.by_status.get("", 0),)


def dimension_table(by_dimension):
    return Table("dimensions", _("Programmes by dimension and current status"),
                 (_("Dimension"), _("Programmes"), *_status_header(), _("Planned budget (Rp)"),
                  _("Realised budget (Rp)")),
                 tuple((r.label, r.figures.total, *_status_values(r.figures), r.figures.budget_planned,
                        r.figures.budget_realised) for r in by_dimension),
                 (None, None, *([None] * 7), MONEY, MONEY))


def constraint_table(constraints):
    return Table("constraints", _("Why programmes stall"),
                 (_("Constraint category"), _("Stalled programmes"), _("Programme code"), _("Programme"),
                  _("Region"), _("Constraint"), _("Planned budget (Rp)")),
                 tuple(row for c in constraints for row in (
                     [(c.label, c.count, e.code, e.name, e.region_name, e.constraint, e.budget_planned)
                      for e in c.examples] or [(c.label, c.count, "", "", "", "", None)])),
                 (None, None, None, None, None, None, MONEY))


def group_table(dashboard):
    province_level = dashboard.group_level == "province"
    evaluation = dashboard.evaluation
    year = evaluation.year or ""
    previous = evaluation.previous_year or ""
    return Table(
        "groups", _("Provinces") if province_level else _("Regencies and cities"),
        (_("Code"), _("Province") if province_level else _("Region"), _("Regions enrolled"),
         _("Masterplans legalised"), _("Programmes"), _("Stalled"), _("Quick wins"),
         _("Quick wins running or completed (%)"), _("Planned budget (Rp)"), _("Realised budget (Rp)"),
         _("Budget realised (%)"), _("Evaluated %(year)s") % {"year": year},
         _("Average index %(year)s") % {"year": year}, _("Average index %(year)s") % {"year": previous},
         pgettext("difference from the year before", "Change"), _("Running or completed (%)"),
         _("Status not yet verified (%)")),
        tuple((g.code, g.name, g.enrolled, g.masterplans_legalised, g.programmes.total, g.programmes.stalled,
               g.programmes.quick_wins, g.programmes.quick_win_share, g.programmes.budget_planned,
               g.programmes.budget_realised, g.programmes.budget_share, g.evaluated, g.average,
               g.previous_average, g.change, g.programmes.progress_share, g.programmes.unverified_share)
              for g in dashboard.groups),
        (None, None, None, None, None, None, None, PERCENT, MONEY, MONEY, PERCENT, None, INDEX, INDEX, INDEX, PERCENT,
         PERCENT))


def cohort_table(cohorts):
    return Table("cohorts", _("Regions enrolled by cohort"), (_("Cohort"), _("Regions")),
                 tuple((year, n) for year, n in cohorts))


def predikat_table(evaluation):
    """The distribution by predikat, or by equal index bands where the instrument uses no predikat."""
    total = sum(n for _p, n in evaluation.distribution)
    bands = evaluation.distribution_by == "index_band"
    title = (_("Final evaluations %(year)s by index band") if bands
             else _("Final evaluations %(year)s by predikat")) % {"year": evaluation.year or ""}
    return Table("predikat", title, (_("Index band") if bands else _("Predikat"), _("Regions"), _("Share (%)")),
                 tuple((p, n, (Decimal(n * 100) / total).quantize(Decimal("0.1")) if total else None)
                       for p, n in evaluation.distribution),
                 (None, None, PERCENT))


def ranking_table(evaluation):
    rows = [(_("Highest"), i, r) for i, r in enumerate(evaluation.top, 1)] + \
           [(_("Lowest"), i, r) for i, r in enumerate(evaluation.bottom, 1)]
    return Table("ranking", _("Highest and lowest index %(year)s") % {"year": evaluation.year or ""},
                 (_("List"), _("Position"), _("Code"), _("Region"), _("Index"), _("Predikat"), _("National rank"),
                  _("Index %(year)s") % {"year": evaluation.previous_year or ""}, pgettext("difference from the year before", "Change")),
                 tuple((which, i, r.region_code, r.region_name, r.index, r.predikat, r.rank, r.previous, r.change)
                       for which, i, r in rows),
                 (None, None, None, None, INDEX, None, None, INDEX, INDEX))


def trend_table(data):
    rows = []
    for e in data.evaluations:
        province = data.province_average.at(e.year) if data.province_average else None
        cohort = data.cohort_average.at(e.year) if data.cohort_average else None
        rows.append((e.year, e.index, e.predikat, e.rank, getattr(province, "index", None),
                     getattr(cohort, "index", None)))
    return Table("trend", _("Index across the years"),
                 (_("Year"), _("Index"), _("Predikat"), _("National rank"), _("Province average"),
                  _("Cohort average")), tuple(rows), (None, INDEX, None, None, INDEX, INDEX))


def completeness_rows(dashboard):
    """The completeness rows of the dashboard: provinces (national) or the province and its regions."""
    figures = dashboard.completeness
    if figures is None or figures.window is None:
        return ()
    return tuple(figures.provinces if dashboard.group_level == "province" else figures.regions_of(dashboard.province.code))


def completeness_table(dashboard):
    province_level = dashboard.group_level == "province"
    year = dashboard.completeness.year
    return Table("completeness", _("Completeness of the yearly reports %(year)s") % {"year": year},
                 (_("Code"), _("Province") if province_level else _("Region"), _("Expected"), _("Submitted"),
                  _("On time"), _("Verified"), _("Returned"), _("Overdue"), _("Submitted (%)"), _("Verified (%)")),
                 tuple((r.code, r.name, r.expected, r.submitted, r.on_time, r.verified, r.returned, r.overdue,
                        r.submitted_share, r.verified_share) for r in completeness_rows(dashboard)),
                 (None, None, None, None, None, None, None, None, PERCENT, PERCENT))


def dashboard_tables(dashboard):
    tables = [group_table(dashboard), cohort_table(dashboard.cohorts), dimension_table(dashboard.by_dimension),
              constraint_table(dashboard.constraints)]
    if dashboard.completeness is not None and dashboard.completeness.window is not None:
        tables.append(completeness_table(dashboard))
    if dashboard.evaluation.year is not None:
        tables += [predikat_table(dashboard.evaluation), ranking_table(dashboard.evaluation)]
    return {t.key: t for t in tables}


def region_tables(data):
    tables = [dimension_table(data.by_dimension), constraint_table(data.constraints)]
    if data.evaluations:
        tables.append(trend_table(data))
    return {t.key: t for t in tables}


# Each table's word in a file name, in the reader's language (dasbor-nasional-dimensi-2026.xlsx).
FILE_WORDS = {
    "dimensions": pgettext_lazy("export file name", "dimensions"),
    "constraints": pgettext_lazy("export file name", "constraints"),
    "groups": pgettext_lazy("export file name", "regions"),
    "cohorts": pgettext_lazy("export file name", "intakes"),
    "predikat": pgettext_lazy("export file name", "predikat"),
    "ranking": pgettext_lazy("export file name", "ranking"),
    "trend": pgettext_lazy("export file name", "trend"),
    "completeness": pgettext_lazy("export file name", "completeness"),
}


def file_name(subject, key, filters, stamp, fmt):
    """`dasbor-<subject>-<table>[-terverifikasi]-<year or date>.<fmt>`, in the active language."""
    parts = [pgettext("export file name", "dashboard"), subject, str(FILE_WORDS.get(key, key))]
    if filters.verified_only:
        parts.append(pgettext("export file name", "verified"))
    parts.append(str(filters.year) if filters.year else stamp)
    return f"{slugify('-'.join(parts))}.{fmt}"


# --- files ------------------------------------------------------------------------------------------------

def csv_text(table):
    """The table as CSV: UTF-8 with a BOM so that Excel reads the accents right; numbers with a dot."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_value(h) for h in table.header])
    formats = table.formats or (None,) * len(table.header)
    for row in table.rows:
        writer.writerow([_csv_cell(v, formats[i] if i < len(formats) else None) for i, v in enumerate(row)])
    return "\ufeff" + buffer.getvalue()


def _csv_cell(value, fmt):
    # An index keeps its two decimals (3.00, not 3), a share its one; money stays whole rupiah.
    if isinstance(value, Decimal) and fmt in (INDEX, PERCENT):
        return f"{value:.{2 if fmt == INDEX else 1}f}"
    return _csv_value(value)


NUMBER_FORMATS = {MONEY: MONEY_FORMAT, INDEX: "0.00", PERCENT: "0.0"}


def xlsx_bytes(table):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title[:31])
    sheet.freeze_panes = "A2"

    def cell(value, fmt=None, bold=False):
        c = WriteOnlyCell(sheet)
        _write(c, value)
        if fmt and value is not None:
            c.number_format = NUMBER_FORMATS[fmt]
        if bold:
            c.font = Font(bold=True)
        return c

    sheet.append([cell(str(h), bold=True) for h in table.header])
    formats = table.formats or (None,) * len(table.header)
    for row in table.rows:
        sheet.append([cell(v, formats[i] if i < len(formats) else None) for i, v in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
