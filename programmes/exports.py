"""Programmes out to spreadsheets: the programme table as CSV or XLSX, and the Indonesian import template.

The table export takes a queryset already scoped by the policy and filtered by ProgrammeFilterSet,
reads it in one query, escapes formula injection, and streams the CSV. The template is the form that
programmes.imports reads back; its columns are defined there.
"""
import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from smartcity.dimensions import Dimension, SubDimension

from .imports import (
    COLUMNS,
    CONFIRM,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MAX_FILE_SIZE,
    MAX_ROWS,
    SHEET,
    budget_columns,
    choice_labels,
    column_of,
)
from .models import FundingSource, Opd, Programme, Term, UpdateStatus

# A spreadsheet reads a cell starting with one of these as a formula (CSV/XLSX injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0"
CHUNK = 2000


# --- the programme table ----------------------------------------------------------------------------------

_VALUES = [
    "region_id", "region__name", "masterplan__title", "code", "name", "dimension", "sub_dimension", "term",
    "opd__acronym", "start_year", "end_year", "budget_planned", "funding_source", "current_update__status",
    "current_update__progress", "current_update__budget_realised", "current_update__created_at", "rpjmd_programme",
]
_LABELS = {5: Dimension, 6: SubDimension, 7: Term, 12: FundingSource, 13: UpdateStatus}
MONEY_COLUMNS = {11, 15}
DATE_COLUMN = 16
WIDTHS = [10, 28, 30, 12, 40, 18, 18, 14, 12, 10, 10, 18, 22, 14, 10, 18, 12, 30]


def headers():
    return [_("Region code"), _("Region"), _("Masterplan"), _("Code"), _("Name"), _("Dimension"),
            _("Sub-dimension"), _("Term"), _("OPD"), _("Start year"), _("End year"), _("Planned budget (Rp)"),
            _("Funding source"), _("Status"), _("Progress (%)"), _("Realised budget (Rp)"), _("Last update"),
            _("RPJMD/Renstra programme")]


def rows(queryset):
    """The table's rows as typed values (text, int, Decimal, date or None), read in one query."""
    labels = {index: {value: str(label) for value, label in choices.choices} for index, choices in _LABELS.items()}
    for values in queryset.values_list(*_VALUES).iterator(chunk_size=CHUNK):
        row = list(values)
        for index, mapping in labels.items():
            if row[index]:
                row[index] = mapping.get(row[index], row[index])
        if row[DATE_COLUMN] is not None:
            row[DATE_COLUMN] = timezone.localtime(row[DATE_COLUMN]).date()
        yield row


def escape_formula(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return escape_formula(str(value))


class _Line:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(queryset):
    """The CSV file, line by line: UTF-8 with a BOM so that Excel reads the accents right."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([_csv_value(h) for h in headers()])
    for row in rows(queryset):
        yield writer.writerow([_csv_value(v) for v in row])


def xlsx_bytes(queryset, title):
    """The XLSX file: budgets as numbers shown with thousands separators, text never a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, index=None):
        c = WriteOnlyCell(sheet)
        _write(c, value)
        if index in MONEY_COLUMNS and value is not None:
            c.number_format = MONEY_FORMAT
        elif index == DATE_COLUMN and value is not None:
            c.number_format = "yyyy-mm-dd"
        return c

    header_cells = [cell(value) for value in headers()]
    for c in header_cells:
        c.font = bold
    sheet.append(header_cells)
    for row in rows(queryset):
        sheet.append([cell(value, index) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(cell, value):
    """Text is always stored as text: a name starting with “=” never becomes a formula, in the file or on edit."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value


# --- the import template -----------------------------------------------------------------------------------

LISTS = [("dimension", "Dimensi"), ("sub_dimension", "Sub-dimensi"), ("term", "Jangka Waktu"),
         ("funding_source", "Sumber Dana"), ("opd", "OPD")]


def import_template(masterplan):
    """The Indonesian Excel form of the masterplan, filled with its programmes (the bytes of an .xlsx).

    Sheets: Petunjuk (what each column means, the allowed values), Program (the data, with drop-downs
    and year checks), Daftar (hidden: the lists the drop-downs draw from).
    """
    opds = list(Opd.objects.filter(region_id=masterplan.region_id).order_by("acronym"))
    programmes = (Programme.objects.filter(masterplan=masterplan).select_related("opd").prefetch_related("budgets")
                  .order_by("code"))
    columns = COLUMNS + budget_columns(range(masterplan.period_start, masterplan.period_end + 1))
    # The drop-downs show the labels of the user's language; the import reads either language or the code.
    lists = {
        "dimension": choice_labels(Dimension),
        "sub_dimension": choice_labels(SubDimension),
        "term": choice_labels(Term),
        "funding_source": choice_labels(FundingSource),
    }
    labels = {name: dict(values) for name, values in lists.items()}
    lists = {name: [(label, value) for value, label in values] for name, values in lists.items()}
    lists["opd"] = [(o.acronym, o.name) for o in opds]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _programme_sheet(sheet, programmes, columns, labels)
    ranges = _lists_sheet(workbook.create_sheet(LISTS_SHEET), lists)
    _validations(sheet, masterplan, ranges, columns)
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET, 0), masterplan, lists, columns)
    workbook.active = 1  # opens on Program; Petunjuk comes first so that it is seen
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_money(name):
    return name == "budget_planned" or name.startswith(("pagu:", "pagu_revised:"))


def _programme_sheet(sheet, programmes, columns, labels):
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B3D62")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if _is_money(column.field):
            sheet.column_dimensions[get_column_letter(index)].number_format = MONEY_FORMAT
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 30
    for row, programme in enumerate(programmes, start=2):
        budgets = {b.year: b for b in programme.budgets.all()}
        for index, column in enumerate(columns, start=1):
            value = _template_value(programme, budgets, column.field, labels)
            if value in (None, ""):
                continue
            cell = sheet.cell(row=row, column=index)
            _write(cell, value)
            if _is_money(column.field):
                cell.number_format = MONEY_FORMAT


def _template_value(programme, budgets, name, labels):
    """What the template shows in a programme's cell: what the import reads back as no change (a choice as
    the label of its drop-down)."""
    if name == "opd":
        return programme.opd.acronym if programme.opd_id else None
    if name == CONFIRM.field:
        return None  # asked afresh for each change
    if ":" in name:
        kind, year = name.split(":")
        budget = budgets.get(int(year))
        value = getattr(budget, kind) if budget is not None else None
    else:
        value = getattr(programme, name)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    kind = "funding_source" if name.startswith("source:") else name
    if kind in labels and value:
        return labels[kind].get(value, value)
    return value


def _lists_sheet(sheet, lists):
    """Each list as what the drop-down offers (a label; an OPD's acronym) beside the code or name; returns
    {field: range of the offers}."""
    bold = Font(bold=True)
    ranges = {}
    for offset, (name, header) in enumerate(LISTS):
        value_col, label_col = 2 * offset + 1, 2 * offset + 2
        sheet.cell(row=1, column=value_col, value=header).font = bold
        sheet.cell(row=1, column=label_col, value="OPD" if name == "opd" else "Kode").font = bold
        for row, (value, label) in enumerate(lists[name], start=2):
            _write(sheet.cell(row=row, column=value_col), value)
            _write(sheet.cell(row=row, column=label_col), label)
        sheet.column_dimensions[get_column_letter(value_col)].width = 36
        sheet.column_dimensions[get_column_letter(label_col)].width = 18
        if lists[name]:
            col = get_column_letter(value_col)
            ranges[name] = f"{sheet.title}!${col}$2:${col}${len(lists[name]) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _validations(sheet, masterplan, ranges, columns):
    letter = {c.field: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    last = MAX_ROWS + 1

    def add(names, **options):
        names = [names] if isinstance(names, str) else names
        validation = DataValidation(showErrorMessage=True, errorTitle=column_of(names[0]).header[:32], **options)
        for name in names:
            validation.add(f"{letter[name]}2:{letter[name]}{last}")
        sheet.add_data_validation(validation)

    for name, cells in ranges.items():
        add(name, type="list", formula1=cells, allow_blank=not column_of(name).required,
            error=f"Pilih salah satu nilai dari daftar (lihat lembar {INSTRUCTIONS_SHEET}).")
    sources = [c.field for c in columns if c.field.startswith("source:")]
    if sources and "funding_source" in ranges:
        add(sources, type="list", formula1=ranges["funding_source"], allow_blank=True,
            error=f"Pilih salah satu nilai dari daftar (lihat lembar {INSTRUCTIONS_SHEET}).")
    add(CONFIRM.field, type="list", formula1='"Ya,Tidak"', allow_blank=True,
        error="Isi \"Ya\" untuk mengonfirmasi, atau biarkan kosong.")
    pagu = [c.field for c in columns if c.field.startswith(("pagu:", "pagu_revised:"))]
    if pagu:
        add(pagu, type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            error="Isi angka Rupiah, 0 atau lebih, tanpa titik atau \"Rp\".")
    period = f"{masterplan.period_start}–{masterplan.period_end}"
    for name in ("start_year", "end_year"):
        add(name, type="whole", operator="between", formula1=str(masterplan.period_start),
            formula2=str(masterplan.period_end), error=f"Isi tahun dalam periode masterplan {period}.")
    add("budget_planned", type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        error="Isi angka Rupiah, 0 atau lebih, tanpa titik atau \"Rp\".")


def _instructions(sheet, masterplan, lists, columns):
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    region, period = masterplan.region, f"{masterplan.period_start}–{masterplan.period_end}"
    lines = [
        (f"Petunjuk pengisian program — {masterplan.title}", Font(bold=True, size=14)),
        (f"Daerah: {region.name} ({region.code})", None),
        (f"Periode masterplan: {period} (Tahun Mulai dan Tahun Selesai harus di dalam periode ini)", bold),
        ("", None),
        (f"1. Isi satu program per baris di lembar \"{SHEET}\", mulai baris 2. Jangan ubah judul kolom di baris 1.",
         None),
        ("2. Kode adalah kunci: baris dengan kode yang sudah ada memperbarui program itu, kode baru menambah "
         "program. Program yang tidak ada di berkas tidak dihapus.", None),
        ("3. Ketik nilai, bukan rumus: sel yang berisi rumus (diawali \"=\") ditolak.", None),
        (f"4. Paling banyak {MAX_ROWS:,} baris program dan {MAX_FILE_SIZE // (1024 * 1024)} MB per berkas."
         .replace(",", "."), None),
        ("5. Pagu per tahun anggaran: tiga kolom per tahun periode masterplan (Pagu, Pagu Perubahan, Sumber "
         "Dana). Anggaran Rencana program menjadi jumlah pagu tahun-tahunnya (pagu perubahan bila diisi); "
         "kosongkan kolom Anggaran Rencana atau isi dengan jumlah itu. Mengosongkan ketiga kolom suatu tahun "
         "menghapus pagu tahun itu.", None),
        ("6. Pagu yang lebih kecil dari realisasi yang sudah dilaporkan untuk tahun itu ditolak, kecuali kolom "
         f"\"{CONFIRM.header}\" di baris itu diisi \"Ya\".", None),
        ("7. Unggah berkas di portal. Portal menampilkan pratinjau dan semua kesalahan per baris dan kolom; "
         "tidak ada yang disimpan sebelum Anda mengonfirmasi, dan impor berlaku seluruhnya atau tidak sama sekali.",
         None),
        ("", None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1)
        _write(cell, text)
        if font:
            cell.font = font
    row = len(lines) + 1
    for col, header in enumerate(["Kolom", "Wajib", "Isi", "Nilai yang diizinkan"], start=1):
        sheet.cell(row=row, column=col, value=header).font = bold
    allowed = {
        "dimension": "Lihat daftar Dimensi di bawah.",
        "sub_dimension": "Lihat daftar Sub-dimensi di bawah.",
        "term": "; ".join(label for label, _value in lists["term"]),
        "funding_source": "Lihat daftar Sumber Dana di bawah.",
        "opd": "Lihat daftar OPD di bawah." if lists["opd"] else "Daerah ini belum punya OPD terdaftar.",
        "start_year": period,
        "end_year": period,
        "budget_planned": "0 atau lebih",
        "public_url": "http://… atau https://…",
        CONFIRM.field: "Ya, atau kosong",
        "pagu:<tahun>": "0 atau lebih",
        "pagu_revised:<tahun>": "0 atau lebih; kosong bila tidak ada perubahan",
        "source:<tahun>": "Lihat daftar Sumber Dana di bawah.",
        "rpjmd_programme": "Nama atau kode program RPJMD/Renstra",
    }
    # The pagu columns repeat per year: explained once, for "<tahun>".
    for column in [c for c in columns if ":" not in c.field] + budget_columns(["<tahun>"]):
        row += 1
        for col, text in enumerate([column.header, "Ya" if column.required else "Tidak", column.meaning,
                                    allowed.get(column.field, "")], start=1):
            cell = sheet.cell(row=row, column=col)
            _write(cell, text)
            cell.alignment = wrap
    for name, title in LISTS:
        row += 2
        for col, header in enumerate([title, "Pilihan (isi ini)", "OPD" if name == "opd" else "Kode"], start=1):
            sheet.cell(row=row, column=col, value=header).font = bold
        for value, label in lists[name]:
            row += 1
            _write(sheet.cell(row=row, column=2), value)
            _write(sheet.cell(row=row, column=3), label)
    for letter, width in zip("ABCD", (24, 22, 60, 40), strict=True):
        sheet.column_dimensions[letter].width = width
