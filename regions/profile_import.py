"""A region's profile by year in from Excel, all or nothing with a preview, the way programmes come in
(programmes.imports: the same workbook checks, cell parsers, problems and outcomes), and the template out.

The year is the key: a year the region has updates its profile, a new year adds one. No request here:
`plan_profile_import()` only reads; `import_profiles()` writes, atomically, after checking the file again
against the database as it is then.
"""
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from programmes.exports import escape_formula
from programmes.imports import (
    _FORMULA,
    CREATE,
    MAX_SHEET_ROW,
    UNCHANGED,
    UPDATE,
    CellError,
    ImportRejected,
    Plan,
    PlanChanged,
    Problem,
    UnreadableFile,
    _choice,
    _is_formula,
    _money,
    _normalise_header,
    _normalised,
    _open_workbook,
    _text,
    _whole_number,
)
from smartcity import policy
from smartcity.models import StaleVersion

from .models import FiscalCapacity, Region, RegionProfile

SHEET = "Profil"
INSTRUCTIONS_SHEET = "Petunjuk"
MAX_ROWS = 200
MONEY_FORMAT = "#,##0"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    width: int
    meaning: str  # for the instructions sheet, in Indonesian


COLUMNS = [
    Column("Tahun", "year", 8, "Tahun data (wajib). Tahun adalah kunci: tahun yang sudah ada memperbarui profil "
                               "tahun itu, tahun baru menambah profil."),
    Column("Jumlah Penduduk", "population", 16, "Jumlah penduduk (jiwa), angka bulat."),
    Column("APBD Murni (Rp)", "apbd_murni", 20, "Total belanja APBD murni dalam Rupiah."),
    Column("APBD Perubahan (Rp)", "apbd_perubahan", 20, "Total belanja APBD perubahan dalam Rupiah; kosong "
                                                        "bila tidak ada perubahan."),
    Column("PAD (Rp)", "pad", 18, "Pendapatan Asli Daerah dalam Rupiah."),
    Column("Kapasitas Fiskal", "fiscal_capacity", 16, "Kategori kapasitas fiskal daerah menurut PMK Kemenkeu: "
                                                      "sangat rendah, rendah, sedang, tinggi, sangat tinggi."),
    Column("IPM", "ipm", 8, "Indeks Pembangunan Manusia (0–100), mis. 80,69."),
    Column("Kemiskinan (%)", "poverty_rate", 12, "Persentase penduduk miskin (0–100), mis. 11,66."),
    Column("Indeks SPBE", "spbe_index", 10, "Indeks SPBE (0–5), mis. 3,42."),
    Column("Sumber", "source", 40, "Sumber data, mis. BPS, Perda APBD, PMK kapasitas fiskal."),
]
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
MONEY_FIELDS = {"apbd_murni", "apbd_perubahan", "pad"}
DECIMAL_FIELDS = {"ipm", "poverty_rate", "spbe_index"}


# --- the plan -----------------------------------------------------------------------------------------------

@dataclass
class PlannedProfile:
    row: int
    action: str
    profile: RegionProfile
    version: int | None = None
    changes: list = field(default_factory=list)  # (label, old, new) for the preview


@dataclass
class ProfilePlan(Plan):
    region: Region = None

    @property
    def digest(self):
        """What confirming would do, in one string: the confirm step refuses a plan that has moved since."""
        entries = [[r.action, r.profile.year, r.version,
                    {c.field: _plain(getattr(r.profile, c.field)) for c in COLUMNS}] for r in self.rows]
        return hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


# --- reading ------------------------------------------------------------------------------------------------

def read_profile_sheet(content):
    """(rows, problems, ignored headers) of the Profil sheet; rows are (row number, {field: raw value})."""
    workbook = _open_workbook(content)
    try:
        names = {name.strip().casefold(): name for name in workbook.sheetnames}
        if SHEET.casefold() not in names:
            raise UnreadableFile(_("The workbook has no sheet named “%(sheet)s” (it has: %(sheets)s). Use the "
                                   "template downloaded from this page.") % {
                "sheet": SHEET, "sheets": ", ".join(f"“{n}”" for n in workbook.sheetnames)})
        worksheet = workbook[names[SHEET.casefold()]]
        worksheet.reset_dimensions()
        return _read(worksheet)
    except UnreadableFile:
        raise
    except Exception:  # a malformed sheet part surfaces only while rows are parsed
        raise UnreadableFile(_("The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."))
    finally:
        workbook.close()


def _read(worksheet):
    known = {_normalise_header(c.header): c for c in COLUMNS}
    positions, ignored, problems, rows = {}, [], [], []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if number > MAX_SHEET_ROW:
            raise UnreadableFile(_("The sheet “%(sheet)s” goes on beyond row %(max)s. Delete the rows below your "
                                   "data and upload it again.") % {"sheet": SHEET, "max": MAX_SHEET_ROW})
        if number == 1:
            for index, cell in enumerate(cells):
                column = known.get(_normalise_header(cell.value))
                if column is None:
                    if cell.value not in (None, ""):
                        ignored.append(str(cell.value))
                elif column in positions.values():
                    raise UnreadableFile(_("The column “%(column)s” appears twice in row 1.") % {
                        "column": column.header})
                else:
                    positions[index] = column
            if COLUMNS[0] not in positions.values():
                raise UnreadableFile(_("Row 1 lacks the required column “%(column)s”. Keep the header row of the "
                                       "template.") % {"column": COLUMNS[0].header})
            continue
        values = {}
        for index, column in positions.items():
            cell = cells[index] if index < len(cells) else None
            if cell is None or cell.value is None:
                continue
            if _is_formula(cell):
                problems.append(Problem(_("formulas are not allowed, type the value."), number, column.header))
                values[column.field] = _FORMULA
            elif (value := _normalised(cell.value)) != "":
                values[column.field] = value
        if not values:
            continue
        if len(rows) == MAX_ROWS:
            raise UnreadableFile(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        rows.append((number, values))
    return rows, problems, ignored


# --- cell values --------------------------------------------------------------------------------------------

def _count(value):
    """A head count: a whole number, typed plain or grouped the Indonesian way (1.018.402)."""
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", value.strip()):
        return int(value.strip().replace(".", ""))
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raise CellError(_("type a whole number, e.g. 985770."))


def _decimal(value):
    """An index or a percentage: 80,69 or 80.69 (a trailing % is allowed)."""
    if isinstance(value, bool):
        raise CellError(_("type a number, e.g. 80,69."))
    if isinstance(value, int | float):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    text = str(value).strip().removesuffix("%").strip().replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError(_("type a number, e.g. 80,69.")) from None
    if not amount.is_finite() or amount.adjusted() > 3:
        raise CellError(_("type a number, e.g. 80,69."))
    return amount.quantize(Decimal("0.01"))


def _parse(name, raw):
    if raw is None:
        return "" if name in ("fiscal_capacity", "source") else None
    if name == "year":
        return _whole_number(raw)
    if name == "population":
        return _count(raw)
    if name in MONEY_FIELDS:
        return _money(raw)
    if name in DECIMAL_FIELDS:
        return _decimal(raw)
    if name == "fiscal_capacity":
        # "Sangat rendah" as the Indonesian form lists it, or the API value sangat_rendah.
        text = _text(raw)
        for option in FiscalCapacity:
            if " ".join(text.split()).casefold() in (option.value, option.value.replace("_", " ")):
                return option.value
        return _choice(FiscalCapacity, text)
    return _text(raw)


# --- planning and importing ---------------------------------------------------------------------------------

def plan_profile_import(region, content, lock=False):
    """Read and check the file against the region's profiles; write nothing. Two queries whatever the rows."""
    plan = ProfilePlan(region=region)
    try:
        rows, problems, plan.ignored_headers = read_profile_sheet(content)
    except UnreadableFile as exc:
        plan.problems.append(Problem(str(exc)))
        return plan
    plan.problems.extend(problems)
    existing = RegionProfile.objects.filter(region=region)
    if lock:
        existing = existing.select_for_update()
    existing = {p.year: p for p in existing}
    first_row_of_year = {}
    for number, values in rows:
        planned = _plan_row(region, number, values, existing, first_row_of_year, plan.problems)
        if planned:
            plan.rows.append(planned)
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(_("The sheet “%(sheet)s” has no rows below the header.") % {"sheet": SHEET}))
    order = {c.header: i for i, c in enumerate(COLUMNS)}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
    return plan


def _plan_row(region, number, values, existing, first_row_of_year, problems):
    failed = {name for name, value in values.items() if value is _FORMULA}
    count = len(problems)

    def fail(name, message):
        problems.append(Problem(str(message), number, COLUMN_BY_FIELD[name].header))
        failed.add(name)

    parsed = {}
    for column in COLUMNS:
        if column.field not in failed:
            try:
                parsed[column.field] = _parse(column.field, values.get(column.field))
            except CellError as exc:
                fail(column.field, exc)
    year = parsed.get("year")
    if "year" not in failed and year is None:
        fail("year", _("give the year."))
    elif year is not None:
        if year in first_row_of_year:
            fail("year", _("the year %(year)s appears twice in the file, in rows %(first)s and %(row)s.") % {
                "year": year, "first": first_row_of_year[year], "row": number})
        else:
            first_row_of_year[year] = number
    stored = existing.get(year) if "year" not in failed else None
    profile = RegionProfile(region=region) if stored is None else stored
    before = {c.field: getattr(profile, c.field) for c in COLUMNS}
    for name, value in parsed.items():
        setattr(profile, name, value)
    try:
        profile.clean_fields(exclude=["region", *failed])
        profile.check_figures()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                if name in COLUMN_BY_FIELD:
                    fail(name, message)
                else:
                    problems.append(Problem(message, number))
    if len(problems) > count:
        if stored is not None:
            for name, value in before.items():
                setattr(stored, name, value)
        return None
    if stored is None:
        return PlannedProfile(number, CREATE, profile)
    changes = [(RegionProfile._meta.get_field(c.field).verbose_name, _shown(before[c.field]),
                _shown(getattr(profile, c.field))) for c in COLUMNS
               if not _same(before[c.field], getattr(profile, c.field))]
    return PlannedProfile(number, UPDATE if changes else UNCHANGED, profile, profile.version, changes)


def _same(old, new):
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


def _shown(value):
    from django.utils.formats import number_format

    if value in (None, ""):
        return "—"
    if isinstance(value, Decimal | int):
        return number_format(value, None if isinstance(value, Decimal) and value % 1 else 0, use_l10n=True,
                             force_grouping=True)
    return dict(FiscalCapacity.choices).get(value, value)


def import_profiles(user, region, content, expected_digest=None):
    """Create and update the region's profiles from the file, all or nothing. Raises PermissionDenied,
    ImportRejected or PlanChanged (as programmes.imports does); nothing is written then."""
    if not policy.can(user, policy.CHANGE, region):
        raise PermissionDenied(_("You may view this region but not change it."))
    try:
        return _apply(user, region, content, expected_digest)
    except (IntegrityError, StaleVersion):
        plan = plan_profile_import(region, content)
        if plan.ok:
            raise PlanChanged(plan) from None
        raise ImportRejected(plan) from None


@transaction.atomic
def _apply(user, region, content, expected_digest):
    # One import per region at a time: the region's row is the lock, its profiles are locked by the plan.
    region = Region.objects.select_for_update().get(pk=region.pk)
    plan = plan_profile_import(region, content, lock=True)
    if not plan.ok:
        raise ImportRejected(plan)
    if expected_digest is not None and plan.digest != expected_digest:
        raise PlanChanged(plan)
    for row in plan.rows:
        if row.action == UNCHANGED:
            continue
        row.profile._history_user = user
        if row.action == CREATE:
            row.profile.save()
        else:
            row.profile.save_versioned(row.version)
    return plan


# --- the template -------------------------------------------------------------------------------------------

def profile_template(region):
    """The Indonesian Excel form of the region's profile, filled with the years it has (bytes of an .xlsx)."""
    profiles = RegionProfile.objects.filter(region=region).order_by("year")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B3D62")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "B2"
    for row, profile in enumerate(profiles, start=2):
        for index, column in enumerate(COLUMNS, start=1):
            value = getattr(profile, column.field)
            if value in (None, ""):
                continue
            if column.field == "fiscal_capacity":
                with translation.override("id"):
                    value = str(profile.get_fiscal_capacity_display())
            elif column.field in MONEY_FIELDS:
                value = int(value) if value == value.to_integral_value() else float(value)
            elif isinstance(value, Decimal):
                value = float(value)
            cell = sheet.cell(row=row, column=index, value=escape_formula(value))
            if column.field in MONEY_FIELDS:
                cell.number_format = MONEY_FORMAT
    letter = {c.field: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    with translation.override("id"):
        labels = ",".join(str(c.label).lower() for c in FiscalCapacity)
    validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, showErrorMessage=True,
                                errorTitle="Kapasitas Fiskal", error="Pilih salah satu kategori dari daftar.")
    validation.add(f"{letter['fiscal_capacity']}2:{letter['fiscal_capacity']}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET, 0), region)
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, region):
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    lines = [
        (f"Petunjuk pengisian profil daerah — {region.name} ({region.code})", Font(bold=True, size=14)),
        ("", None),
        (f"1. Isi satu tahun per baris di lembar \"{SHEET}\", mulai baris 2. Jangan ubah judul kolom di baris 1.",
         None),
        ("2. Tahun adalah kunci: baris dengan tahun yang sudah ada memperbarui profil tahun itu. Tahun yang tidak "
         "ada di berkas tidak dihapus.", None),
        ("3. Ketik nilai, bukan rumus. Kolom yang kosong dikosongkan juga di portal.", None),
        ("4. Unggah berkas di portal: pratinjau dan semua kesalahan per baris ditampilkan; tidak ada yang disimpan "
         "sebelum Anda mengonfirmasi, dan impor berlaku seluruhnya atau tidak sama sekali.", None),
        ("", None),
        ("Kolom", bold),
    ]
    lines += [(f"{c.header}: {c.meaning}", None) for c in COLUMNS]
    sheet.column_dimensions["A"].width = 110
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = wrap
        if font:
            cell.font = font
