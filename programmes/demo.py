"""Demo masterplans, OPDs, programmes and yearly updates, told from the seed articles.

Seeds: Kulon Progo's poverty-focused quick wins (001), Bantul's programmes stalled by
*refocusing anggaran* and apps still in development, with a plan for more programmers (003),
Pati's masterplan finished in 2019 and awaiting its Perbup (004), DIY's Jogja Smart Province
(000), Bojonegoro's award (002). Everything else (most programme names, budgets, progress,
OPD line-ups) is invented plausibly; the figures are deterministic (seeded), so a rerun of
the demo builds the same story and never duplicates it.
"""
import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from regions.demo import DEMO_PASSWORD
from regions.models import Region, Role, RoleAssignment
from smartcity.dimensions import SUB_DIMENSIONS, Dimension

from . import demo_documents
from .models import (
    ConstraintCategory,
    FundingSource,
    Indicator,
    IndicatorValue,
    Masterplan,
    Opd,
    Programme,
    ProgrammeBudget,
    ProgrammeUpdate,
)
from .models import UpdateStatus as S
from .services import current_fields

JAKARTA = ZoneInfo("Asia/Jakarta")

OPDS = [
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan", "Disdik"),
    ("Dinas Perhubungan", "Dishub"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Dinas Pariwisata", "Dispar"),
    ("Dinas Koperasi dan UKM", "Dinkop UKM"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
]

# (dimension, sub-dimension, name, OPD acronym, description)
CATALOGUE = [
    (Dimension.GOVERNANCE, "public_services", "Mal Pelayanan Publik digital", "DPMPTSP",
     "Satu portal perizinan dan pelayanan terpadu secara daring."),
    (Dimension.GOVERNANCE, "public_services", "Layanan adminduk daring", "Disdukcapil",
     "Pengurusan KK, KTP-el dan akta tanpa datang ke kantor."),
    (Dimension.GOVERNANCE, "public_policy", "Satu Data daerah", "Diskominfo",
     "Portal data sektoral terpadu sebagai dasar perencanaan."),
    (Dimension.GOVERNANCE, "bureaucracy", "E-budgeting dan e-planning terintegrasi", "Bappeda",
     "Perencanaan dan penganggaran dalam satu sistem."),
    (Dimension.GOVERNANCE, "bureaucracy", "Tanda tangan elektronik ASN", "Diskominfo",
     "Sertifikat elektronik untuk naskah dinas."),
    (Dimension.GOVERNANCE, "public_services", "Aplikasi pengaduan masyarakat terpadu", "Diskominfo",
     "Kanal aduan warga yang terhubung ke SP4N-LAPOR!."),
    (Dimension.BRANDING, "tourism", "Portal destinasi wisata", "Dispar",
     "Informasi, tiket dan ulasan destinasi dalam satu aplikasi."),
    (Dimension.BRANDING, "business", "Sentra produk unggulan daerah", "Dinkop UKM",
     "Katalog dan kurasi produk unggulan untuk promosi."),
    (Dimension.BRANDING, "city_appearance", "Penataan ruang publik dan taman kota", "DLH",
     "Taman kota dengan Wi-Fi publik dan papan informasi."),
    (Dimension.BRANDING, "tourism", "Kalender event daerah", "Dispar", "Agenda budaya dan wisata tahunan."),
    (Dimension.ECONOMY, "transactions", "Transaksi non-tunai retribusi daerah", "BPKAD",
     "Pembayaran pajak dan retribusi melalui kanal elektronik."),
    (Dimension.ECONOMY, "industry", "Inkubator usaha digital", "Dinkop UKM",
     "Pendampingan UMKM naik kelas ke pasar daring."),
    (Dimension.ECONOMY, "welfare", "Data terpadu kesejahteraan sosial", "Dinsos",
     "Pemutakhiran DTKS berbasis desa."),
    (Dimension.ECONOMY, "transactions", "Pasar rakyat digital", "Dinkop UKM", "Pembayaran QRIS di pasar rakyat."),
    (Dimension.LIVING, "health", "Rekam medis elektronik puskesmas", "Dinkes",
     "Rekam medis terintegrasi di seluruh puskesmas."),
    (Dimension.LIVING, "health", "Layanan gawat darurat 112", "Diskominfo", "Satu nomor panggilan darurat."),
    (Dimension.LIVING, "mobility", "Sistem informasi angkutan umum", "Dishub",
     "Jadwal dan posisi angkutan umum secara waktu nyata."),
    (Dimension.LIVING, "mobility", "Area traffic control system", "Dishub", "Lampu lalu lintas adaptif."),
    (Dimension.LIVING, "harmony", "Pemetaan rawan bencana partisipatif", "Bappeda",
     "Peta risiko bencana yang diperbarui warga."),
    (Dimension.SOCIETY, "learning", "Sekolah digital", "Disdik", "Kelas daring dan perpustakaan digital sekolah."),
    (Dimension.SOCIETY, "community", "Desa digital", "Diskominfo", "Website dan layanan desa berbasis TIK."),
    (Dimension.SOCIETY, "security", "CCTV terintegrasi command center", "Diskominfo",
     "Pemantauan ruang publik dari command center."),
    (Dimension.SOCIETY, "learning", "Literasi digital warga", "Diskominfo", "Pelatihan literasi digital bagi warga."),
    (Dimension.ENVIRONMENT, "waste", "Bank sampah digital", "DLH", "Pencatatan setoran bank sampah dengan aplikasi."),
    (Dimension.ENVIRONMENT, "protection", "Pemantauan kualitas udara dan air", "DLH",
     "Sensor kualitas lingkungan dengan dasbor publik."),
    (Dimension.ENVIRONMENT, "energy", "Penerangan jalan umum tenaga surya", "Dishub", "PJU hemat energi."),
    (Dimension.ENVIRONMENT, "waste", "Pengelolaan TPST terpadu", "DLH", "Sampah terpilah dari sumbernya."),
]

# Region-specific programmes from the seeds: (code, dimension, sub, name, OPD, description, term)
# The RPJMD/Renstra programme each demo programme serves, by pillar: programme names of the Kepmendagri
# nomenclature of regional programmes (050-5889/2021) that smart-city programmes typically sit under. Every
# fifth programme names none, as regions leave some unaligned.
RPJMD_BY_DIMENSION = {
    "governance": "Program Aplikasi Informatika",
    "branding": "Program Peningkatan Daya Tarik Destinasi Pariwisata",
    "economy": "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)",
    "living": "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "society": "Program Informasi dan Komunikasi Publik",
    "environment": "Program Pengelolaan Persampahan",
}

SEEDED = {
    "34.01": [
        ("QW-01", Dimension.ECONOMY, "welfare", "Bantuan Non Tunai", "Dinsos",
         "Penyaluran bantuan sosial non-tunai untuk pengentasan kemiskinan (seed 001).", "quick_win"),
        ("QW-02", Dimension.ECONOMY, "industry", "AirKu", "Dinkop UKM",
         "Air minum dalam kemasan produksi lokal untuk bandara baru NYIA (seed 001).", "quick_win"),
        ("QW-03", Dimension.BRANDING, "business", "belabeliku.com", "Dinkop UKM",
         "Marketplace produk lokal Kulon Progo, efek berganda bagi pendapatan warga (seed 001).", "quick_win"),
    ],
    "34.02": [
        ("QW-01", Dimension.GOVERNANCE, "public_services", "Bantul Smart Service (aplikasi layanan terpadu)",
         "Diskominfo", "Aplikasi layanan publik terpadu Bantul Smart City; masih dalam pengembangan (seed 003).",
         "quick_win"),
        ("QW-02", Dimension.SOCIETY, "community", "Wi-Fi publik padukuhan", "Diskominfo",
         "Titik Wi-Fi publik di padukuhan; tertunda refocusing anggaran (seed 003).", "quick_win"),
        ("QW-03", Dimension.GOVERNANCE, "bureaucracy", "Penempatan ASN sesuai kompetensi TIK", "Bappeda",
         "Rencana aksi SDM: ASN dan non-ASN ditempatkan sesuai keahlian, bimtek, tambahan programmer per OPD "
         "(seed 003).", "quick_win"),
    ],
    "34": [
        ("JSP-01", Dimension.GOVERNANCE, "public_policy", "Jogja Smart Province: sosialisasi masterplan ke kabupaten/kota",
         "Diskominfo", "Program prioritas Gubernur menurut Kepgub DIY 163/KEP/2017; strategis bagi visi gubernur "
         "2017–2022 (seed 000).", "quick_win"),
        ("JSP-02", Dimension.GOVERNANCE, "public_services", "Jogjaprov.go.id layanan terpadu", "Diskominfo",
         "Portal layanan provinsi yang terhubung ke kabupaten/kota.", "short"),
    ],
    "33.18": [
        ("QW-01", Dimension.ECONOMY, "industry", "E-Government untuk UMKM", "Dinkop UKM",
         "Inovasi yang meraih Top IT & Telco 2019 \"Top Innovative E-Government for Supporting SMEs\" (seed 004).",
         "quick_win"),
    ],
    "35.22": [
        ("QW-01", Dimension.GOVERNANCE, "public_policy", "Dialog publik Jumat", "Diskominfo",
         "Smart city sebagai keluaran smart government yang lahir dari smart people (seed 002).", "quick_win"),
    ],
}

# Region: (masterplan title, period, status, legal basis number and date, programme count, staff username)
PLANS = {
    # FACTS.md: Pergub DIY 46/2019, Masterplan and Rencana Aksi Daerah JSP 2019–2023 (its date invented).
    "34": ("Masterplan dan Rencana Aksi Daerah Jogja Smart Province 2019–2023", 2019, 2023,
           Masterplan.Status.LEGALISED, "Peraturan Gubernur DIY Nomor 46 Tahun 2019", dt.date(2019, 8, 1), 18, "diy"),
    "34.01": ("Masterplan Smart City Kulon Progo 2018–2027", 2018, 2027, Masterplan.Status.LEGALISED,
              "Peraturan Bupati Kulon Progo Nomor 60 Tahun 2018", dt.date(2018, 12, 14), 24, "kulonprogo"),
    "34.02": ("Masterplan Bantul Smart City 2019–2028", 2019, 2028, Masterplan.Status.LEGALISED,
              "Peraturan Bupati Bantul Nomor 12 Tahun 2019", dt.date(2019, 3, 4), 30, "bantul"),
    # Gunungkidul is Tahap III (2019): its masterplan was evaluated in November 2019 (invented: Perbup pending).
    "34.03": ("Masterplan Smart City Gunungkidul 2020–2029", 2020, 2029, Masterplan.Status.FINAL, "", None, 16,
              "gunungkidul"),
    "34.04": ("Masterplan Sleman Smart Regency 2018–2027", 2018, 2027, Masterplan.Status.LEGALISED,
              "Peraturan Bupati Sleman Nomor 41.1 Tahun 2017", dt.date(2017, 12, 20), 32, "sleman"),
    "34.71": ("Masterplan Jogja Smart City 2019–2028", 2019, 2028, Masterplan.Status.LEGALISED,
              "Peraturan Wali Kota Yogyakarta Nomor 22 Tahun 2019", dt.date(2019, 4, 2), 26, "jogjakota"),
    # Seed 004: masterplan finished in 2019, its Perbup still being drafted.
    "33.18": ("Masterplan Smart City Kabupaten Pati 2019–2028", 2019, 2028, Masterplan.Status.FINAL, "", None, 22,
              "pati"),
    "35.22": ("Masterplan Smart City Bojonegoro 2018–2027", 2018, 2027, Masterplan.Status.LEGALISED,
              "Peraturan Bupati Bojonegoro Nomor 78 Tahun 2018", dt.date(2018, 11, 26), 28, "bojonegoro"),
}

EXTRA_STAFF = {"kulonprogo": ("Yuli", "Astuti"), "gunungkidul": ("Wahyu", "Nugroho"),
               "jogjakota": ("Dewi", "Lestari"), "pati": ("Sugeng", "Riyadi"), "bojonegoro": ("Anik", "Rahmawati")}

STALLED_SPENDING = Decimal("0.4")
REFOCUSED_PAGU = Decimal("0.6")
BANTUL_STALLS = [
    (ConstraintCategory.BUDGET, "Refocusing anggaran: dana dialihkan sesuai kebijakan pusat."),
    (ConstraintCategory.INTEGRATION, "Aplikasi masih dalam tahap pembangunan dan belum terintegrasi."),
    (ConstraintCategory.HUMAN_RESOURCES, "Programmer di OPD belum mencukupi."),
]
OTHER_STALLS = [
    (ConstraintCategory.BUDGET, "Anggaran perubahan belum disetujui DPRD."),
    (ConstraintCategory.INFRASTRUCTURE, "Jaringan fiber optik belum menjangkau lokasi."),
    (ConstraintCategory.REGULATION, "Perbup pendukung masih dalam penyusunan."),
    (ConstraintCategory.HUMAN_RESOURCES, "Operator belum mendapat pelatihan."),
]
LAST_REPORT_YEAR = 2025


def ensure_staff():
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[p[7] for p in PLANS.values()])}
    for (code, plan) in PLANS.items():
        username = plan[7]
        if username in users:
            continue
        first, last = EXTRA_STAFF[username]
        user = User.objects.create(username=username, first_name=first, last_name=last,
                                   email=f"{username}@demo.smartcity.go.id")
        user.set_password(DEMO_PASSWORD)
        user.save()
        role = Role.PROVINCE_OFFICER if "." not in code else Role.REGION_STAFF
        RoleAssignment.objects.get_or_create(user=user, role=role, region_id=code)
        users[username] = user
    return users


def build():
    users = ensure_staff()
    regions = Region.objects.in_bulk(list(PLANS))
    for code, plan in PLANS.items():
        if Masterplan.objects.filter(region_id=code).exists():
            continue
        _build_region(regions[code], plan, users[plan[7]])
    demo_documents.build()


def _build_region(region, plan, author):
    title, start, end, status, legal_number, legal_date, count, _username = plan
    rng = random.Random(f"demo-{region.code}")
    masterplan = Masterplan.objects.create(region=region, title=title, period_start=start, period_end=end,
                                           status=status, legal_basis_number=legal_number,
                                           legal_basis_date=legal_date)
    opds = {acronym: Opd.objects.create(region=region, name=name, acronym=acronym) for name, acronym in OPDS}
    specs = list(SEEDED.get(region.code, []))
    catalogue = CATALOGUE[:]
    rng.shuffle(catalogue)
    # Every dimension first, then the rest of the catalogue, up to the region's programme count.
    by_dimension = {d: [c for c in catalogue if c[0] == d] for d in Dimension}
    ordered = [items[0] for items in by_dimension.values()] + [c for c in catalogue if c not in
                                                                [i[0] for i in by_dimension.values()]]
    for i, (dimension, sub, name, opd, description) in enumerate(ordered[: count - len(specs)], start=1):
        term = "quick_win" if i <= 3 else rng.choice(["short", "short", "medium", "medium", "long"])
        specs.append((f"{dimension[:3].upper()}-{i:02d}", dimension, sub, name, opd, description, term))
    for n, (code, dimension, sub, name, opd, description, term) in enumerate(specs):
        assert sub in SUB_DIMENSIONS[dimension]
        first = start + (0 if term == "quick_win" else rng.randint(0, 2))
        # A quick win starts in the first year; its rollout often runs on for a couple more (invented).
        length = {"quick_win": 3, "short": 3, "medium": 5, "long": 9}[term]
        programme = Programme.objects.create(
            masterplan=masterplan, code=code, name=name, description=description, dimension=dimension,
            sub_dimension=sub, term=term, opd=opds[opd], start_year=first, end_year=min(end, first + length - 1),
            rpjmd_programme="" if n % 5 == 4 else RPJMD_BY_DIMENSION.get(dimension, ""),
            budget_planned=Decimal(rng.randrange(150, 4800) * 1_000_000), funding_source=rng.choice(
                [own_apbd(region), own_apbd(region), own_apbd(region), FundingSource.APBN, FundingSource.KPBU]))
        _updates(programme, rng, author)
        if rng.random() < 0.35:
            _indicator(programme, rng)


def own_apbd(region):
    return FundingSource.APBD_PROVINSI if region.kind == Region.Kind.PROVINCE else FundingSource.APBD_KABKOTA


def _revised(programme, year, pagu, stalled_years):
    """Seed 003: Bantul's refocusing anggaran of 2020–2021 cut the pagu of its stalled programmes in the APBD
    perubahan (to 60 %, invented)."""
    if programme.region_id == "34.02" and year in (2020, 2021) and year in stalled_years:
        return (pagu * REFOCUSED_PAGU).quantize(Decimal(1000))
    return None


def _budgets(programme, realised_by_year, last_year, stalled_years=()):
    """The pagu of each budget year (invented): the programme's total spread evenly over its years, up to
    the year it was completed, in its funding source; each year's realised amount is that year's update's."""
    years = list(range(programme.start_year, programme.end_year + 1))
    per_year = (programme.budget_planned / len(years)).quantize(Decimal(1000))
    budgets = [ProgrammeBudget(programme=programme, year=year, pagu=per_year, source=programme.funding_source,
                               realised=realised_by_year.get(year), pagu_revised=_revised(programme, year, per_year,
                                                                                          stalled_years))
               for year in years if year <= last_year]
    ProgrammeBudget.objects.bulk_create(budgets)
    Programme.objects.filter(pk=programme.pk).update(budget_planned=sum(b.pagu for b in budgets))


def _updates(programme, rng, author):
    """A yearly history from the programme's start to the last reporting year."""
    bantul = programme.region_id == "34.02"
    stalls = BANTUL_STALLS if bantul else OTHER_STALLS
    progress, updates = 0, []
    fate = rng.random()
    if bantul and programme.code in ("QW-01", "QW-02"):
        fate = 0.05  # seed 003: these are the ones stalled by refocusing / still being built
    elif programme.region_id == "34.01" and programme.term == "quick_win" or programme.code == "QW-03" and bantul:
        fate = 0.95  # seed 001's quick wins run; seed 003's human-resources action plan is under way
    for year in range(programme.start_year, min(programme.end_year, LAST_REPORT_YEAR) + 1):
        step = rng.randint(15, 40)
        if fate < (0.35 if bantul else 0.15) and year >= 2020:
            category, text = stalls[0] if programme.code == "QW-02" else rng.choice(stalls)
            if programme.code == "QW-01" and bantul:
                category, text = stalls[1]
            status, progress = S.STALLED, min(progress + 5, 60)
            extra = {"constraint_category": category, "constraint": text,
                     "next_steps": "Diusulkan kembali pada APBD perubahan; tambahan programmer melalui rekrutmen "
                                   "non-ASN." if bantul else "Koordinasi dengan Bappeda untuk penjadwalan ulang."}
        else:
            progress = min(100, progress + step)
            status = S.COMPLETED if progress == 100 else (S.IN_DEVELOPMENT if progress < 40 else S.RUNNING)
            extra = {"next_steps": "Perluasan cakupan layanan." if status != S.COMPLETED else ""}
        planned = programme.budget_planned / max(1, programme.end_year - programme.start_year + 1)
        share = Decimal(rng.randint(55, 100)) / 100
        if status == S.STALLED:
            share *= STALLED_SPENDING  # a stalled year spends little of its pagu (invented)
        updates.append(ProgrammeUpdate(
            programme=programme, year=year, status=status, progress=progress, author=author,
            budget_realised=(planned * share).quantize(Decimal(1000)),
            evidence_url=f"https://{programme.region_id.replace('.', '')}.demo.smartcity.go.id/bukti/{programme.code.lower()}-{year}",
            **extra))
        if status == S.COMPLETED:
            break
    completed = updates[-1].year if updates and updates[-1].status == S.COMPLETED else programme.end_year
    _budgets(programme, {u.year: u.budget_realised for u in updates}, completed,
             {u.year for u in updates if u.status == S.STALLED})
    if not updates:
        return
    ProgrammeUpdate.objects.bulk_create(updates)
    for update in updates:
        # A report for year Y is posted early in Y+1 (invented rhythm).
        update.created_at = dt.datetime(update.year + 1, 1, rng.randint(8, 28), 9, rng.randint(0, 59), tzinfo=JAKARTA)
    ProgrammeUpdate.objects.bulk_update(updates, ["created_at"])
    Programme.objects.filter(pk=programme.pk).update(**current_fields(updates[-1]))


def _indicator(programme, rng):
    indicator = Indicator.objects.create(programme=programme, name="Jumlah pengguna layanan", unit="orang",
                                         baseline=Decimal(rng.randint(0, 500)))
    target = actual = indicator.baseline
    for year in range(programme.start_year, min(programme.end_year, LAST_REPORT_YEAR) + 1):
        target += rng.randint(500, 2000)
        actual += rng.randint(300, 2200)
        IndicatorValue.objects.create(indicator=indicator, year=year, target=target, actual=actual)
