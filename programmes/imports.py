"""Programmes in from Excel: the columns of the Indonesian form, reading an uploaded workbook without
trusting it, validating every row with the model's own rules, and the all-or-nothing import.

No request here. `plan_import()` only reads; `import_programmes()` writes, atomically, after
validating the same file again against the database as it is then. The form itself is written by
programmes.exports.import_template().
"""
import copy
import hashlib
import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartcity import policy
from smartcity.dimensions import Dimension, SubDimension, dimension_of
from smartcity.models import StaleVersion

from . import budget as budget_rules
from .models import MONEY, FundingSource, Masterplan, Opd, Programme, ProgrammeBudget, ProgrammeUpdate, Term

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 500
MAX_ROWS = 2000
# Rows are read up to here, empty or not; a sheet formatted far below its data is refused, not scanned.
MAX_SHEET_ROW = 20 * MAX_ROWS
ZIP_MAGIC = b"PK\x03\x04"

# The file is the Indonesian form: its sheet names and headers are Indonesian, whatever the UI language.
SHEET = "Program"
INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool
    width: int
    meaning: str  # for the instructions sheet, in Indonesian


COLUMNS = [
    Column("Kode", "code", True, 12,
           "Kode program, unik dalam masterplan ini (mis. GOV-01). Kode adalah kunci: kode yang sudah ada "
           "memperbarui program itu, kode baru menambah program."),
    Column("Nama Program", "name", True, 40, "Nama program."),
    Column("Deskripsi", "description", False, 50, "Uraian singkat program."),
    Column("Dimensi", "dimension", True, 18, "Dimensi smart city; pilih dari daftar (nama Indonesia, nama Inggris "
           "atau kode juga diterima, mis. \"Ekonomi\")."),
    Column("Sub-dimensi", "sub_dimension", False, 30, "Sub-dimensi, harus milik dimensi yang dipilih; boleh kosong."),
    Column("Jangka Waktu", "term", True, 16, "Jangka waktu program."),
    Column("OPD (singkatan)", "opd", False, 16, "Singkatan OPD pemilik program, salah satu OPD daerah ini; boleh kosong."),
    Column("Tahun Mulai", "start_year", True, 12, "Tahun mulai, di dalam periode masterplan."),
    Column("Tahun Selesai", "end_year", True, 12, "Tahun selesai, di dalam periode masterplan, tidak sebelum tahun mulai."),
    Column("Anggaran Rencana (Rp)", "budget_planned", False, 20,
           "Anggaran yang direncanakan dalam Rupiah, angka tanpa titik atau \"Rp\"; kosong berarti 0. Bila "
           "pagu per tahun diisi, anggaran rencana adalah jumlahnya: kosongkan atau isi jumlah itu."),
    Column("Sumber Dana", "funding_source", True, 26, "Sumber dana."),
    Column("URL Publik", "public_url", False, 30, "Alamat web program (http:// atau https://); boleh kosong."),
    Column("Program RPJMD/Renstra", "rpjmd_programme", False, 30,
           "Program RPJMD atau Renstra OPD yang didukung program ini (nama atau kode); boleh kosong."),
]
PROGRAMME_FIELDS = [c.field for c in COLUMNS]
CONFIRM = Column("Konfirmasi Realisasi > Pagu", "confirm_over_pagu", False, 16,
                 "Isi \"Ya\" bila pagu suatu tahun yang diisi di baris ini memang lebih kecil dari realisasi yang "
                 "sudah dilaporkan untuk tahun itu; tanpa \"Ya\" baris itu ditolak. Boleh kosong.")
COLUMNS.append(CONFIRM)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}

# Per budget year of the masterplan period, three columns: "Pagu 2024 (Rp)", "Pagu Perubahan 2024 (Rp)",
# "Sumber Dana 2024". Their field names are "pagu:2024", "pagu_revised:2024" and "source:2024".
BUDGET_KINDS = [
    ("pagu", "Pagu {year} (Rp)", 18, "Pagu tahun anggaran {year} dalam Rupiah (DPA murni); kosongkan ketiga kolom "
                                     "tahun ini bila tidak ada pagu."),
    ("pagu_revised", "Pagu Perubahan {year} (Rp)", 20, "Pagu setelah APBD perubahan {year}; boleh kosong."),
    ("source", "Sumber Dana {year}", 26, "Sumber dana tahun {year}; kosong berarti Sumber Dana program."),
]
_BUDGET_HEADER = re.compile(r"(pagu|pagu perubahan|sumber dana) (\d{4})(?: \(rp\))?")
_BUDGET_KIND_OF = {"pagu": "pagu", "pagu perubahan": "pagu_revised", "sumber dana": "source"}
YES = {"ya", "y", "yes", "true", "1", "benar"}
NO = {"tidak", "t", "no", "false", "0", "salah"}


def budget_columns(years):
    """The pagu columns of the given budget years, in template order."""
    return [Column(header.format(year=year), f"{kind}:{year}", False, width, meaning.format(year=year))
            for year in years for kind, header, width, meaning in BUDGET_KINDS]


def column_of(name):
    """The column of a field name, a pagu column's included."""
    if name in COLUMN_BY_FIELD:
        return COLUMN_BY_FIELD[name]
    kind, year = name.split(":")
    return next(c for c in budget_columns([int(year)]) if c.field == name)


def _known_column(header):
    """The column a normalised header names, or None."""
    for column in COLUMNS:
        if _normalise_header(column.header) == header:
            return column
    match = _BUDGET_HEADER.fullmatch(header)
    if match:
        return column_of(f"{_BUDGET_KIND_OF[match[1]]}:{match[2]}")
    return None


TEXT_FIELDS = {"code", "name", "description", "public_url", "rpjmd_programme"}
CHOICE_FIELDS = {
    "dimension": Dimension,
    "sub_dimension": SubDimension,
    "term": Term,
    "funding_source": FundingSource,
}
# Checked here once for the whole file rather than by the model row by row (each would be a query).
NOT_CLEANED_BY_MODEL = ["code", "masterplan", "region", "opd", "current_update"]


# --- results ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported, placed where Excel shows it (the header is row 1)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row and self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class PlannedRow:
    row: int
    action: str
    programme: Programme
    version: int | None = None  # the stored version an update was planned against
    changes: list = field(default_factory=list)  # (field label, old, new) for the preview
    budgets: list = field(default_factory=list)  # ProgrammeBudget to create or change (stored version kept)
    deleted_budgets: list = field(default_factory=list)  # stored ProgrammeBudget whose year was emptied


@dataclass
class Plan:
    """What an all-or-nothing import would do: planned rows (each with an `action`), or problems.
    ImportPlan here; regions.profile_import plans a region's profiles with it too."""

    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    ignored_headers: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def _with(self, action):
        return [r for r in self.rows if r.action == action]

    @property
    def to_create(self):
        return self._with(CREATE)

    @property
    def to_update(self):
        return self._with(UPDATE)

    @property
    def unchanged(self):
        return self._with(UNCHANGED)

    @property
    def change_count(self):
        return len(self.to_create) + len(self.to_update)


@dataclass
class ImportPlan(Plan):
    masterplan: Masterplan = None

    @property
    def digest(self):
        """What confirming would do, in one string: the confirm step refuses a plan that has moved since."""
        entries = [[r.action, r.programme.code, r.version,
                    {name: _plain(_value(r.programme, name)) for name in PROGRAMME_FIELDS},
                    [[b.year, _plain(b.pagu), _plain(b.pagu_revised), b.source, b.version if b.pk else None]
                     for b in r.budgets],
                    [[b.year, b.version] for b in r.deleted_budgets]] for r in self.rows]
        return hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()


class ImportRejected(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, plan):
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan


class PlanChanged(Exception):
    """The masterplan changed between the preview and the confirmation; nothing was written."""

    def __init__(self, plan):
        super().__init__("the import plan changed since the preview")
        self.plan = plan


class UnreadableFile(Exception):
    pass


# --- reading the workbook ---------------------------------------------------------------------------------

def check_archive(content):
    """Refuse what is not a small, sane .xlsx before openpyxl sees it (zip bombs included)."""
    if len(content) > MAX_FILE_SIZE:
        raise UnreadableFile(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)})
    if not content.startswith(ZIP_MAGIC):
        raise UnreadableFile(_("This is not an Excel workbook (.xlsx). Save the file as “Excel Workbook (.xlsx)” "
                               "and upload it again."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UnreadableFile(_("The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."))
    if len(members) > MAX_ZIP_MEMBERS:
        raise UnreadableFile(_("The file is not a plain Excel workbook (it holds too many parts)."))
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > MAX_UNCOMPRESSED_SIZE or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise UnreadableFile(_("The workbook unpacks to an unusually large size and is refused. Copy the programme "
                               "rows into the template and upload that."))


def _open_workbook(content):
    from openpyxl import load_workbook

    check_archive(content)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it does not read (extensions, print settings): harmless here.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a malformed package; all mean the same to the user
        raise UnreadableFile(_("The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."))


def _normalise_header(value):
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _normalised(value):
    """A cell's value as the import keeps it: text trimmed of white space at both ends."""
    return value.strip() if isinstance(value, str) else value


def _is_formula(cell):
    # Judged on the value as it will be stored: "\t=1+2" is kept as "=1+2", so it is a formula too.
    value = _normalised(cell.value)
    return cell.data_type == "f" or (isinstance(value, str) and value.startswith("="))


@dataclass
class Sheet:
    """The data rows of the Program sheet: (row number, {field: raw value}), plus cell-level problems."""

    present: set
    rows: list
    problems: list
    ignored_headers: list


def read_sheet(content):
    """Read the Program sheet. Raises UnreadableFile for problems of the whole file."""
    workbook = _open_workbook(content)
    try:
        return _read_rows(workbook)
    except UnreadableFile:
        raise
    except Exception:  # a malformed sheet part surfaces only while rows are parsed
        raise UnreadableFile(_("The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."))
    finally:
        workbook.close()


def _read_rows(workbook):
    names = {name.strip().casefold(): name for name in workbook.sheetnames}
    if SHEET.casefold() not in names:
        raise UnreadableFile(_("The workbook has no sheet named “%(sheet)s” (it has: %(sheets)s). Use the template "
                               "downloaded from this page.") % {
            "sheet": SHEET, "sheets": ", ".join(f"“{n}”" for n in workbook.sheetnames)})
    worksheet = workbook[names[SHEET.casefold()]]
    # The stored dimension may be stale (some tools write "A1"); read what is really there.
    worksheet.reset_dimensions()
    positions, present, ignored, problems, rows = {}, set(), [], [], []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if number > MAX_SHEET_ROW:
            raise UnreadableFile(_("The sheet “%(sheet)s” goes on beyond row %(max)s. Delete the rows below your "
                                   "data and upload it again.") % {"sheet": SHEET, "max": MAX_SHEET_ROW})
        if number == 1:
            for index, cell in enumerate(cells):
                column = _known_column(_normalise_header(cell.value))
                if column is None:
                    if cell.value not in (None, ""):
                        ignored.append(str(cell.value))
                    continue
                if column.field in present:
                    raise UnreadableFile(_("The column “%(column)s” appears twice in row 1.") % {
                        "column": column.header})
                positions[index] = column
                present.add(column.field)
            missing = [c.header for c in COLUMNS if c.required and c.field not in present]
            if missing:
                raise UnreadableFile(ngettext(
                    "Row 1 lacks the required column %(columns)s. Keep the header row of the template.",
                    "Row 1 lacks the required columns %(columns)s. Keep the header row of the template.",
                    len(missing)) % {"columns": ", ".join(f"“{h}”" for h in missing)})
            continue
        values = {}
        for index, column in positions.items():
            if index >= len(cells):
                continue
            cell = cells[index]
            if cell.value is None:
                continue
            if _is_formula(cell):
                problems.append(Problem(_("formulas are not allowed, type the value."), number, column.header))
                values[column.field] = _FORMULA
                continue
            value = _normalised(cell.value)
            if value != "":
                values[column.field] = value
        if not values:
            continue
        if len(rows) == MAX_ROWS:
            raise UnreadableFile(_("The file has more than %(max)s programme rows. Split it into several files.") % {
                "max": number_format(MAX_ROWS, force_grouping=True)})
        rows.append((number, values))
    if not positions:
        raise UnreadableFile(_("The sheet “%(sheet)s” is empty: row 1 must hold the column headers of the "
                               "template.") % {"sheet": SHEET})
    return Sheet(present=present, rows=rows, problems=problems, ignored_headers=ignored)


_FORMULA = object()  # a cell already reported as a formula


# --- cell values ------------------------------------------------------------------------------------------

class CellError(Exception):
    pass


def _text(value):
    if isinstance(value, bool):
        raise CellError(_("type text here, not TRUE or FALSE."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        raise CellError(_("type text here, not a date."))
    return str(value).strip()


def _whole_number(value):
    if isinstance(value, bool):
        raise CellError(_("type a year as a whole number, e.g. 2024."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\d{1,4}", value.strip()):
        return int(value)
    raise CellError(_("type a year as a whole number, e.g. 2024."))


_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?")


def _money(value):
    """The amount in a cell, to the sen; its bounds are the model field's (programmes.models, MONEY_VALIDATORS)."""
    amount = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest text that gives this float back: 1250000.5, not 1250000.4999…
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.replace("Rp", "").replace("\u00a0", "").replace(" ", "").strip()
        if _GROUPED.fullmatch(text):  # typed the Indonesian way: 1.250.000,50
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            pass
    if amount is None or not amount.is_finite():  # words, TRUE/FALSE, or a number past what a float holds
        raise CellError(_("type an amount in Rupiah as a number, e.g. 1250000."))
    if amount.adjusted() >= _MONEY_DIGITS:
        return amount  # too large to round to the sen: the model's bound names the limit
    return amount.quantize(Decimal("0.01"))


# Whole-rupiah digits the column holds; past them quantize() would fail (and the model refuses the amount anyway).
_MONEY_DIGITS = MONEY["max_digits"] - MONEY["decimal_places"]


# The words officers type for the dimensions beside the movement's own names ("ekonomi" for Smart Economy).
DIMENSION_ALIASES = {
    Dimension.GOVERNANCE: ["Tata Kelola", "Pemerintahan", "Tata Pemerintahan"],
    Dimension.BRANDING: ["Pencitraan Daerah", "Branding Daerah"],
    Dimension.ECONOMY: ["Ekonomi"],
    Dimension.LIVING: ["Kehidupan", "Kualitas Hidup"],
    Dimension.SOCIETY: ["Masyarakat", "Sosial", "Kemasyarakatan"],
    Dimension.ENVIRONMENT: ["Lingkungan", "Lingkungan Hidup"],
}
LANGUAGES = ("id", "en")


def choice_labels(choices):
    """(value, label) of a list as the template's drop-down shows it, in the active language; a sub-dimension
    names its dimension, so that each label is unique."""
    if choices is SubDimension:
        return [(c.value, f"{c.label} ({dimension_of(c).label})") for c in SubDimension]
    return [(c.value, str(c.label)) for c in choices]


def _key(text):
    """Labels compare without case and white space: "Smart  economy " is "Smart Economy"."""
    return "".join(str(text).split()).casefold()


_ACCEPTED = {}


def _accepted(choices):
    """{key: value} of every form a cell may take: the code, and the label in either language (a
    dimension also without "Smart", or in the words of DIMENSION_ALIASES)."""
    if choices not in _ACCEPTED:
        accepted = {}
        for language in LANGUAGES:
            with translation.override(language):
                for value, label in choice_labels(choices) + [(c.value, str(c.label)) for c in choices]:
                    accepted[_key(label)] = value
                    if choices is Dimension:
                        accepted[_key(label.removeprefix("Smart "))] = value
        for value, words in (DIMENSION_ALIASES.items() if choices is Dimension else []):
            accepted.update({_key(word): value for word in words})
        accepted.update({_key(c.value): c.value for c in choices})
        _ACCEPTED[choices] = accepted
    return _ACCEPTED[choices]


def _choice(choices, value):
    text = _text(value)
    found = _accepted(choices).get(_key(text))
    if found is not None:
        return found
    raise CellError(_("“%(value)s” is not one of the allowed values: %(allowed)s.") % {
        "value": text, "allowed": "; ".join(label for _value, label in choice_labels(choices))})


# --- validating ----------------------------------------------------------------------------------------------

def _value(programme, name):
    return programme.opd_id if name == "opd" else getattr(programme, name)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def _same(name, old, new):
    if name in TEXT_FIELDS and isinstance(old, str) and isinstance(new, str):
        # Excel turns the browser's CRLF into LF: not a change the user made.
        return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


def _display(name, value, opds_by_id):
    if value in (None, ""):
        return "—"
    if name == "opd":
        return opds_by_id[value].acronym if value in opds_by_id else value
    if name in CHOICE_FIELDS:
        return dict(CHOICE_FIELDS[name].choices).get(value, value)
    if name == "budget_planned":
        return "Rp\u00a0" + number_format(Decimal(value).quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True)
    return value


def plan_import(masterplan, content, lock=False):
    """Read and validate the file against the masterplan; write nothing.

    A fixed number of queries whatever the row count: the OPDs of the region and the masterplan's
    programmes are read once (locked when `lock`, as the import does).
    """
    plan = ImportPlan(masterplan=masterplan)
    try:
        sheet = read_sheet(content)
    except UnreadableFile as exc:
        plan.problems.append(Problem(str(exc)))
        return plan
    plan.ignored_headers = sheet.ignored_headers
    plan.problems.extend(sheet.problems)
    lookups = _Lookups.of(masterplan, sheet.present, lock)
    for number, values in sheet.rows:
        planned, problems = _plan_row(number, values, lookups)
        plan.problems.extend(problems)
        if planned:
            plan.rows.append(planned)
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(_("The sheet “%(sheet)s” has no programme rows below the header.") % {
            "sheet": SHEET}))
    headers = [c.header for c in COLUMNS] + [c.header for c in budget_columns(lookups.years)]
    order = {header: i for i, header in enumerate(headers)}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order)) if p.column else -1))
    return plan


@dataclass
class _Lookups:
    """What every row is checked against, read once per file."""

    masterplan: Masterplan
    present: list  # the programme fields the file has a column for, in template order
    existing: dict  # code → stored programme
    opds_by_id: dict
    opds_by_acronym: dict
    first_row_of_code: dict = field(default_factory=dict)
    with_budget_years: frozenset = frozenset()  # programmes whose planned budget is the sum of their pagu
    budget_fields: frozenset = frozenset()  # the pagu columns the file has ("pagu:2024" …)
    years: list = field(default_factory=list)  # the budget years the file has a column for
    has_confirm: bool = False
    budgets: dict = field(default_factory=dict)  # programme id → {year: stored ProgrammeBudget}
    realised: dict = field(default_factory=dict)  # (programme id, year) → realised of its latest update

    @classmethod
    def of(cls, masterplan, present, lock):
        opds = list(Opd.objects.filter(region_id=masterplan.region_id))
        by_acronym = {o.acronym.casefold(): o for o in opds}
        by_acronym.update({o.acronym: o for o in opds})  # an exact match wins over a case-insensitive one
        existing = Programme.objects.filter(masterplan=masterplan)
        if lock:
            existing = existing.select_for_update()
        existing = {p.code: p for p in existing}
        for programme in existing.values():
            programme.masterplan = masterplan  # the same object: no query per row when clean() reads it
        stored_budgets = ProgrammeBudget.objects.filter(programme__masterplan=masterplan)
        if lock:
            stored_budgets = stored_budgets.select_for_update()
        budgets = {}
        for stored in stored_budgets:
            budgets.setdefault(stored.programme_id, {})[stored.year] = stored
        budget_fields = frozenset(name for name in present if ":" in name)
        years = sorted({int(name.split(":")[1]) for name in budget_fields})
        realised = {}
        if years:
            # The realised amount of each programme's latest update per year, read once (oldest first, the
            # newest wins): a new pagu below it needs the confirmation.
            updates = (ProgrammeUpdate.objects.filter(programme__masterplan=masterplan, year__in=years)
                       .order_by("created_at", "id").values_list("programme_id", "year", "budget_realised"))
            realised = {(programme_id, year): amount for programme_id, year, amount in updates}
        return cls(masterplan=masterplan, present=[name for name in PROGRAMME_FIELDS if name in present],
                   existing=existing, opds_by_id={o.pk: o for o in opds}, opds_by_acronym=by_acronym,
                   with_budget_years=frozenset(budgets), budget_fields=budget_fields, years=years,
                   has_confirm=CONFIRM.field in present, budgets=budgets, realised=realised)


def _plan_row(number, values, lookups):
    """One data row: (PlannedRow or None, its problems)."""
    problems = []
    failed = {f for f, v in values.items() if v is _FORMULA}

    def fail(name, message):
        problems.append(Problem(str(message), number, column_of(name).header))
        failed.add(name)

    parsed = {}
    for name in lookups.present:
        if name not in failed:
            try:
                parsed[name] = _parse(name, values.get(name), lookups)
            except CellError as exc:
                fail(name, exc)

    code = parsed.get("code", "")
    if "code" not in failed:
        try:
            Programme._meta.get_field("code").clean(code, None)
        except ValidationError as exc:
            fail("code", " ".join(exc.messages))
    if "code" not in failed:
        if code in lookups.first_row_of_code:
            fail("code", _("the code “%(code)s” appears twice in the file, in rows %(first)s and %(row)s.") % {
                "code": code, "first": lookups.first_row_of_code[code], "row": number})
        else:
            lookups.first_row_of_code[code] = number

    confirmed = False
    if lookups.has_confirm and CONFIRM.field not in failed and values.get(CONFIRM.field) is not None:
        try:
            confirmed = _yes_no(values[CONFIRM.field])
        except CellError as exc:
            fail(CONFIRM.field, exc)

    programme = lookups.existing.get(code) if "code" not in failed else None
    if (programme is not None and programme.pk in lookups.with_budget_years and "budget_planned" in parsed
            and not lookups.years and parsed["budget_planned"] != programme.budget_planned):
        # Read-only once pagu are recorded per year: it is their sum (programmes.services.refresh_budget_planned).
        fail("budget_planned", _("this programme's planned budget is the sum of its pagu per budget year "
                                 "(%(total)s); change the pagu of the year instead.") % {
            "total": _display("budget_planned", programme.budget_planned, lookups.opds_by_id)})
        del parsed["budget_planned"]
    stored_pk = programme.pk if programme is not None else None
    before = {name: _value(programme, name) for name in lookups.present} if programme else None
    if programme is None:
        programme = Programme(masterplan=lookups.masterplan, region_id=lookups.masterplan.region_id)
    for name, value in parsed.items():
        setattr(programme, name, value)

    try:
        _model_clean(programme)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in failed:
                continue  # already reported from the cell itself
            for message in messages:
                if name in lookups.present:
                    fail(name, message)
                else:
                    problems.append(Problem(message, number))
    budgets, deleted, budget_changes = [], [], []
    if lookups.years:
        budgets, deleted, budget_changes, total = _plan_budgets(values, programme, stored_pk, lookups, confirmed,
                                                                failed, fail)
        if total is not None and "budget_planned" in lookups.present and "budget_planned" not in failed:
            typed = parsed.get("budget_planned") if values.get("budget_planned") is not None else None
            if typed is not None and typed != total:
                fail("budget_planned", _("the planned budget is the sum of the pagu per budget year in this row "
                                         "(%(total)s); leave the cell empty or change the pagu of the year.") % {
                    "total": _display("budget_planned", total, lookups.opds_by_id)})
        if total is not None:
            programme.budget_planned = total
    if problems:
        return None, problems
    if before is None:
        return PlannedRow(number, CREATE, programme, budgets=budgets), []

    changes = []
    for name in lookups.present:
        old, new = before[name], _value(programme, name)
        if _same(name, old, new):
            if name != "opd":
                setattr(programme, name, old)  # keep the stored text exactly (its line endings)
            continue
        changes.append((Programme._meta.get_field(name).verbose_name,
                        _display(name, old, lookups.opds_by_id), _display(name, new, lookups.opds_by_id)))
    changes += budget_changes
    return PlannedRow(number, UPDATE if changes else UNCHANGED, programme, programme.version, changes,
                      budgets=budgets, deleted_budgets=deleted), []


def _plan_budgets(values, programme, stored_pk, lookups, confirmed, failed, fail):
    """The row's pagu per budget year: (budgets to save, stored ones to delete, preview changes, their total).

    The same rules as the API (`/programmes/{id}/budgets/`): a year within the programme's years, amounts
    within the bounds of money, a funding source of the list (the programme's when left empty), and a pagu
    below what was already realised that year only with "Ya" in the confirmation column. A year whose cells are
    all empty has no pagu: a stored one is removed. The total (revised pagu where set) is None without any pagu.
    """
    stored = lookups.budgets.get(stored_pk, {}) if stored_pk else {}
    final, to_save, deleted, changes = dict(stored), [], [], []
    for year in lookups.years:
        names = {kind: f"{kind}:{year}" for kind, *_rest in BUDGET_KINDS}
        if any(name in failed for name in names.values()):
            final.pop(year, None)
            continue
        parsed = {}
        for kind, name in names.items():
            raw = values.get(name)
            if raw is None:
                continue
            try:
                parsed[kind] = _money(raw) if kind != "source" else _choice(FundingSource, raw)
            except CellError as exc:
                fail(name, exc)
        if any(name in failed for name in names.values()):
            final.pop(year, None)
            continue
        old = stored.get(year)
        if "pagu" not in parsed:
            if parsed and names["pagu"] in lookups.budget_fields:
                fail(names["pagu"], _("type the pagu of %(year)s, or empty all the cells of that year.") % {
                    "year": year})
            elif old is not None and names["pagu"] in lookups.budget_fields:
                deleted.append(old)
                final.pop(year)
                changes.append((column_of(names["pagu"]).header, _rupiah(old.pagu), "—"))
            continue
        budget = copy.copy(old) if old is not None else ProgrammeBudget(year=year, realised=None)
        budget.pagu = parsed["pagu"]
        if names["pagu_revised"] in lookups.budget_fields:
            budget.pagu_revised = parsed.get("pagu_revised")
        if names["source"] in lookups.budget_fields or old is None:
            budget.source = parsed.get("source") or programme.funding_source
        final[year] = budget
        try:
            budget.clean_fields(exclude=["programme", "realised", "version"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                fail(names.get(name, names["pagu"]), " ".join(messages))
            continue
        year_error = budget.year_error(programme)
        if year_error:
            fail(names["pagu"], year_error)
            continue
        if old is not None and (old.pagu, old.pagu_revised, old.source) == (
                budget.pagu, budget.pagu_revised, budget.source):
            continue
        realised = old.realised if old is not None else lookups.realised.get((stored_pk, year))
        over = None
        if old is None or old.ceiling != budget.ceiling:
            over = budget_rules.over_pagu_error(realised, budget.ceiling, year)
        if over and not confirmed:
            ceiling_name = names["pagu"] if budget.pagu_revised is None else names["pagu_revised"]
            fail(ceiling_name, _("%(problem)s To confirm, type “Ya” in the column “%(column)s”.") % {
                "problem": over, "column": CONFIRM.header})
            continue
        to_save.append(budget)
        for kind, name in names.items():
            before = getattr(old, kind) if old is not None else None
            after = getattr(budget, kind)
            if before != after:
                changes.append((column_of(name).header, _budget_display(kind, before), _budget_display(kind, after)))
    total = sum((b.ceiling for b in final.values()), Decimal(0)) if final else None
    return to_save, deleted, changes, total


def _rupiah(amount):
    return _display("budget_planned", amount, {})


def _budget_display(kind, value):
    if value in (None, ""):
        return "—"
    if kind == "source":
        return dict(FundingSource.choices).get(value, value)
    return _rupiah(value)


def _yes_no(value):
    if isinstance(value, bool):
        return value
    text = "".join(_text(value).split()).casefold()
    if text in YES:
        return True
    if text in NO or text == "":
        return False
    raise CellError(_("type “Ya” to confirm, or leave the cell empty."))


def _parse(name, raw, lookups):
    """One cell's value as the model field wants it; an empty cell is the field's empty value."""
    if name in CHOICE_FIELDS:
        return _choice(CHOICE_FIELDS[name], raw) if raw is not None else ""
    if name in ("start_year", "end_year"):
        return _whole_number(raw) if raw is not None else None
    if name == "budget_planned":
        return _money(raw) if raw is not None else Decimal(0)
    if name == "opd":
        if raw is None:
            return None
        acronym = _text(raw)
        opd = lookups.opds_by_acronym.get(acronym) or lookups.opds_by_acronym.get(acronym.casefold())
        if opd is None:
            raise CellError(_("no OPD of %(region)s has the acronym “%(acronym)s”. Use an acronym from the "
                              "list in the sheet “%(sheet)s”, or add the OPD to the region first.") % {
                "region": lookups.masterplan.region.name, "acronym": acronym, "sheet": INSTRUCTIONS_SHEET})
        return opd
    return _text(raw) if raw is not None else ""


def _model_clean(programme):
    """The model's own field and clean() rules, without a query per row.

    Programme.clean() looks up code clashes in the database when the code is set; the import keys
    programmes by code and checks duplicates within the file itself, so the code is held back here.
    """
    code, programme.code = programme.code, ""
    try:
        programme.full_clean(exclude=NOT_CLEANED_BY_MODEL, validate_unique=False, validate_constraints=False)
    finally:
        programme.code = code


# --- importing ------------------------------------------------------------------------------------------------

def import_programmes(user, masterplan, content, expected_digest=None):
    """Create and update the masterplan's programmes from the file, all or nothing.

    Raises PermissionDenied, ImportRejected (problems in the file) or PlanChanged (the data moved since
    the preview whose digest is `expected_digest`); nothing is written then. Returns the plan carried out.
    """
    if not policy.can(user, policy.CHANGE, masterplan):
        raise PermissionDenied(_("You may view this masterplan but not change it."))
    try:
        return _apply(user, masterplan, content, expected_digest)
    except (IntegrityError, StaleVersion):
        # Someone saved a programme of this masterplan at the same moment: show the new situation.
        plan = plan_import(masterplan, content)
        if plan.ok:
            raise PlanChanged(plan) from None
        raise ImportRejected(plan) from None


@transaction.atomic
def _apply(user, masterplan, content, expected_digest):
    # One import per masterplan at a time; the programmes themselves are locked by the plan.
    masterplan = Masterplan.objects.select_for_update().select_related("region").get(pk=masterplan.pk)
    plan = plan_import(masterplan, content, lock=True)
    if not plan.ok:
        raise ImportRejected(plan)
    if expected_digest is not None and plan.digest != expected_digest:
        raise PlanChanged(plan)
    for row in plan.rows:
        if row.action == UNCHANGED:
            continue
        programme = row.programme
        programme._history_user = user
        if row.action == CREATE:
            programme.save()
        else:
            programme.save_versioned(row.version)
        _save_budgets(user, programme, row)
    return plan


def _save_budgets(user, programme, row):
    """The row's pagu per year; the planned budget follows as their sum (refresh_budget_planned)."""
    from .services import refresh_budget_planned

    for stored in row.deleted_budgets:
        stored._history_user = user
        stored.delete()
    for budget in row.budgets:
        budget.programme = programme
        budget._history_user = user
        if budget.pk:
            budget.save_versioned(budget.version)
        else:
            budget.save()
    if row.deleted_budgets:
        refresh_budget_planned(programme.pk)
