"""The default instrument that ships with the portal (loaded by `manage.py load_instrument`).

The criteria are data in Bahasa Indonesia, as assessors and regions read them. They follow the
movement's evaluation along its five aspects (baseline, output, outcome, impact, quick win) and six
dimensions: institutions and regulation (Dewan Smart City, Tim Pelaksana, the masterplan's
Perbup/Perwal), budget, infrastructure, human resources, carrying out the masterplan, quick-win
innovation and benefit to citizens. Wording and weights are the portal's own (the ministry's
official instrument is not public); they are meant to be edited in a copy, never in place.
"""
from decimal import Decimal


def _criterion(code, aspect, dimension, sub_dimension, weight, question, guidance, levels):
    assert len(levels) == 5, code
    return {
        "code": code, "aspect": aspect, "dimension": dimension, "sub_dimension": sub_dimension,
        "weight": Decimal(weight), "question": question, "guidance": guidance,
        **{f"level_{i}": text for i, text in enumerate(levels, start=1)},
        **improvement_fields(code),
    }


# After a region's first evaluation, Baseline measures its improvement over the previous evaluation
# (FACTS.md): the Baseline criteria are then asked and scored as below; a first evaluation uses the
# readiness criteria above them. Code → (question, guidance, five descriptors of improvement).
IMPROVEMENT = {
    "B01": (
        "Seberapa besar peningkatan kesiapan smart city daerah (struktur, infrastruktur, suprastruktur) sejak "
        "evaluasi sebelumnya?",
        "Bandingkan dengan hasil evaluasi sebelumnya (indeks, aspek, pilar) dan tindak lanjut rekomendasinya.",
        ["Tidak ada peningkatan sejak evaluasi sebelumnya, atau kesiapan menurun.",
         "Peningkatan kecil pada sebagian unsur kesiapan, tanpa data pembanding.",
         "Peningkatan terukur pada sebagian unsur kesiapan dibanding evaluasi sebelumnya.",
         "Peningkatan terukur pada sebagian besar unsur; rekomendasi evaluasi sebelumnya ditindaklanjuti.",
         "Peningkatan terukur pada seluruh unsur; seluruh rekomendasi evaluasi sebelumnya ditindaklanjuti dan "
         "hasilnya dapat ditunjukkan."]),
    "B02": (
        "Seberapa jauh data dasar sektoral (Satu Data) berkembang sejak evaluasi sebelumnya?",
        "Jumlah data prioritas yang tersedia dan dimutakhirkan dibanding evaluasi sebelumnya; peran walidata.",
        ["Tidak ada perkembangan sejak evaluasi sebelumnya.",
         "Sedikit data prioritas bertambah, tanpa walidata dan standar data.",
         "Data prioritas yang tersedia bertambah nyata dan walidata bekerja.",
         "Sebagian besar data prioritas kini tersedia dengan metadata dan dimutakhirkan berkala.",
         "Satu Data kini berjalan penuh, terbuka bagi publik dan dipakai dalam perencanaan."]),
    "B03": (
        "Seberapa besar perbaikan indikator sosial-ekonomi sasaran program (kemiskinan, UMKM, pendapatan warga) "
        "sejak evaluasi sebelumnya?",
        "Indikator sasaran tahun ini dibanding tahun evaluasi sebelumnya, per wilayah bila ada.",
        ["Tidak ada data pembanding, atau indikator sasaran memburuk.",
         "Indikator sasaran tetap; data pembanding tersedia sebagian.",
         "Perbaikan pada sebagian indikator sasaran.",
         "Perbaikan pada sebagian besar indikator sasaran, terkait dengan program smart city.",
         "Perbaikan pada seluruh indikator sasaran yang dapat ditelusuri ke program smart city."]),
    "B04": (
        "Seberapa besar perbaikan kondisi dan data lingkungan hidup (udara, air, sampah, risiko bencana) sejak "
        "evaluasi sebelumnya?",
        "Indeks kualitas lingkungan hidup, timbulan dan pengelolaan sampah dibanding evaluasi sebelumnya.",
        ["Tidak ada data pembanding, atau kondisi lingkungan memburuk.",
         "Kondisi tetap; data lingkungan bertambah sedikit.",
         "Perbaikan pada sebagian indikator lingkungan.",
         "Perbaikan pada sebagian besar indikator lingkungan, dipantau rutin.",
         "Perbaikan pada seluruh indikator lingkungan, dipantau waktu nyata dan terbuka bagi publik."]),
    "B05": (
        "Seberapa besar peningkatan infrastruktur TIK (jaringan, pusat data, titik akses publik) sejak evaluasi "
        "sebelumnya?",
        "Cakupan jaringan, kapasitas pusat data dan titik Wi-Fi publik dibanding evaluasi sebelumnya.",
        ["Tidak ada peningkatan sejak evaluasi sebelumnya.",
         "Peningkatan kecil tanpa rencana bertahap.",
         "Peningkatan nyata pada sebagian infrastruktur sesuai rencana.",
         "Peningkatan nyata pada sebagian besar infrastruktur; kesenjangan wilayah berkurang.",
         "Seluruh rencana tahap ini tercapai; kesenjangan wilayah tertutup atau hampir tertutup."]),
}


def improvement_fields(code):
    """The Criterion fields of improvement for a Baseline criterion of the default instrument ({} if none)."""
    if code not in IMPROVEMENT:
        return {}
    question, guidance, levels = IMPROVEMENT[code]
    assert len(levels) == 5, code
    return {"improvement_question": question, "improvement_guidance": guidance,
            **{f"improvement_level_{i}": text for i, text in enumerate(levels, start=1)}}


CRITERIA = [
    # --- Baseline: where the region started ------------------------------------------------------------
    _criterion(
        "B01", "baseline", "", "", "2",
        "Apakah daerah memiliki analisis kondisi awal (baseline) kesiapan smart city yang mutakhir?",
        "Dokumen analisis kesiapan struktur (tata kelola, SDM, keuangan), infrastruktur dan suprastruktur "
        "(regulasi, dewan, tim), disertai data dasar per dimensi.",
        ["Belum ada analisis kondisi awal.",
         "Analisis kondisi awal ada, tetapi parsial dan tidak didukung data.",
         "Analisis mencakup struktur, infrastruktur dan suprastruktur dengan data dasar untuk sebagian dimensi.",
         "Analisis lengkap untuk keenam dimensi dengan data dasar yang terukur.",
         "Analisis lengkap, dimutakhirkan setiap tahun dan dipakai menetapkan target kinerja masterplan."]),
    _criterion(
        "B02", "baseline", "governance", "public_policy", "2",
        "Apakah tersedia data dasar sektoral yang terpadu (Satu Data) sebagai rujukan perencanaan smart city?",
        "Portal Satu Data daerah, walidata, daftar data prioritas, metadata dan jadwal pemutakhiran.",
        ["Data tersebar di OPD tanpa standar dan tidak dapat diakses bersama.",
         "Sebagian data dikumpulkan bersama, tetapi belum ada walidata dan standar data.",
         "Walidata ditetapkan dan portal data tersedia untuk sebagian data prioritas.",
         "Data prioritas seluruh OPD tersedia dengan metadata dan dimutakhirkan berkala.",
         "Satu Data berjalan penuh, terbuka bagi publik dan dipakai dalam setiap dokumen perencanaan."]),
    _criterion(
        "B03", "baseline", "economy", "welfare", "1",
        "Apakah daerah memiliki data dasar sosial-ekonomi (kemiskinan, UMKM, pendapatan warga) untuk "
        "menetapkan sasaran program?",
        "DTKS mutakhir, pendataan UMKM, indikator kemiskinan dan pendapatan per kapanewon/kecamatan.",
        ["Tidak ada data dasar sosial-ekonomi yang dipakai.",
         "Data dasar hanya dari publikasi statistik umum, tanpa rincian wilayah.",
         "Data dasar tersedia per wilayah untuk sebagian indikator.",
         "Data dasar lengkap per wilayah dan dipakai menetapkan sasaran program.",
         "Data dasar lengkap, dimutakhirkan berkala dan terhubung dengan pemantauan program."]),
    _criterion(
        "B04", "baseline", "environment", "protection", "1",
        "Apakah tersedia data dasar lingkungan hidup (kualitas udara dan air, timbulan sampah, risiko bencana)?",
        "Indeks kualitas lingkungan hidup, data timbulan dan pengelolaan sampah, peta rawan bencana.",
        ["Tidak ada data dasar lingkungan.",
         "Data lingkungan parsial dan tidak berkala.",
         "Data dasar untuk sebagian besar indikator lingkungan tersedia setiap tahun.",
         "Data dasar lengkap, sebagian dari sensor atau pemantauan rutin.",
         "Data lingkungan tersedia secara waktu nyata dan terbuka bagi publik."]),
    _criterion(
        "B05", "baseline", "", "", "1",
        "Apakah infrastruktur TIK awal (jaringan, pusat data, titik akses publik) telah dipetakan?",
        "Peta jaringan intra pemerintah, kapasitas pusat data, titik Wi-Fi publik, cakupan sinyal seluler.",
        ["Belum ada pemetaan infrastruktur TIK.",
         "Pemetaan sebatas daftar perangkat tanpa kapasitas dan cakupan.",
         "Pemetaan jaringan dan pusat data tersedia, cakupan layanan publik belum.",
         "Pemetaan lengkap termasuk cakupan layanan dan kesenjangan wilayah.",
         "Pemetaan lengkap menjadi dasar rencana pembangunan infrastruktur bertahap."]),

    # --- Output: policy, institutions, budget, people ------------------------------------------------------
    _criterion(
        "O01", "output", "governance", "public_policy", "3",
        "Apakah Dewan Smart City telah ditetapkan dengan SK kepala daerah dan menjalankan perannya?",
        "SK pembentukan, susunan keanggotaan lintas unsur, notula rapat dan arahan yang dikeluarkan.",
        ["Dewan Smart City belum dibentuk.",
         "SK sudah ditetapkan, tetapi dewan belum pernah bersidang.",
         "Dewan bersidang sesekali dan memberi arahan umum.",
         "Dewan bersidang terjadwal dan arahannya ditindaklanjuti OPD.",
         "Dewan aktif memimpin, mengevaluasi capaian dan melibatkan unsur pentahelix."]),
    _criterion(
        "O02", "output", "governance", "bureaucracy", "3",
        "Apakah Tim Pelaksana Smart City telah ditetapkan dengan SK dan bekerja dengan rencana kerja tahunan?",
        "SK Tim Pelaksana, pembagian tugas, rencana kerja tahunan dan laporan kemajuan.",
        ["Tim Pelaksana belum dibentuk.",
         "SK sudah ada, tetapi tim belum memiliki rencana kerja.",
         "Tim memiliki rencana kerja, pelaksanaannya belum terpantau.",
         "Tim bekerja sesuai rencana dan melaporkan kemajuan secara berkala.",
         "Tim bekerja lintas OPD dengan rencana, laporan dan tindak lanjut yang terdokumentasi."]),
    _criterion(
        "O03", "output", "governance", "public_policy", "3",
        "Apakah masterplan smart city telah dilegalkan dengan Peraturan Bupati/Wali Kota (Perbup/Perwal)?",
        "Nomor dan tanggal Perbup/Perwal masterplan; untuk provinsi, Pergub.",
        ["Masterplan belum disusun.",
         "Masterplan masih dalam penyusunan.",
         "Masterplan selesai disusun, Perbup/Perwal masih dalam proses.",
         "Masterplan telah ditetapkan dengan Perbup/Perwal.",
         "Masterplan ditetapkan dan ditinjau ulang secara berkala sesuai perubahan kebutuhan."]),
    _criterion(
        "O04", "output", "governance", "public_policy", "2",
        "Apakah program smart city terintegrasi dalam RPJMD dan Renstra OPD?",
        "Rujukan smart city dalam RPJMD, Renstra dan Renja OPD; keselarasan kode program.",
        ["Smart city tidak disebut dalam dokumen perencanaan daerah.",
         "Smart city disebut dalam RPJMD tanpa program turunan.",
         "Sebagian program masterplan masuk Renstra OPD.",
         "Sebagian besar program masterplan masuk Renstra dan Renja OPD.",
         "Smart city menjadi komitmen RPJMD dan seluruh program masterplan ada di Renja OPD."]),
    _criterion(
        "O05", "output", "", "", "3",
        "Berapa besar dan seberapa terjaga alokasi APBD untuk program smart city?",
        "Alokasi APBD per tahun untuk program masterplan, dibandingkan dengan kebutuhan dalam masterplan.",
        ["Tidak ada alokasi anggaran khusus.",
         "Alokasi kurang dari seperempat kebutuhan tahunan masterplan.",
         "Alokasi sekitar separuh kebutuhan tahunan masterplan.",
         "Alokasi memenuhi sebagian besar kebutuhan dan terjaga dari tahun ke tahun.",
         "Alokasi memenuhi kebutuhan, terjaga bahkan saat refocusing anggaran, dengan prioritas yang jelas."]),
    _criterion(
        "O06", "output", "economy", "industry", "1",
        "Apakah daerah menggalang pendanaan di luar APBD (APBN, KPBU, kemitraan, CSR)?",
        "Perjanjian kerja sama, hibah, KPBU atau CSR yang mendanai program smart city.",
        ["Tidak ada pendanaan di luar APBD.",
         "Ada penjajakan kerja sama tanpa kesepakatan.",
         "Satu atau dua kerja sama pendanaan berjalan.",
         "Beberapa kerja sama pendanaan berjalan untuk program prioritas.",
         "Skema pendanaan beragam dan berkelanjutan menopang program lintas dimensi."]),
    _criterion(
        "O07", "output", "governance", "bureaucracy", "2",
        "Apakah SDM TIK (programmer, analis data, admin jaringan) di Diskominfo dan OPD mencukupi?",
        "Jumlah dan kompetensi SDM TIK ASN dan non-ASN, penempatan sesuai keahlian.",
        ["Tidak ada SDM TIK khusus.",
         "SDM TIK hanya di Diskominfo dan jauh dari cukup.",
         "SDM TIK ada di Diskominfo dan sebagian OPD, masih kurang programmer.",
         "SDM TIK mencukupi untuk sebagian besar program, ditempatkan sesuai keahlian.",
         "SDM TIK mencukupi di seluruh OPD dengan rencana pemenuhan dan regenerasi."]),
    _criterion(
        "O08", "output", "society", "learning", "2",
        "Apakah ada program peningkatan kapasitas SDM (bimtek, pelatihan, sertifikasi) untuk smart city?",
        "Rencana aksi SDM, jadwal dan peserta bimtek/pelatihan, sertifikasi yang diraih.",
        ["Tidak ada program peningkatan kapasitas.",
         "Pelatihan sesekali tanpa rencana.",
         "Rencana peningkatan kapasitas ada dan sebagian berjalan.",
         "Pelatihan terjadwal untuk ASN dan non-ASN, termasuk sertifikasi.",
         "Peningkatan kapasitas berkelanjutan, terukur dampaknya pada kinerja program."]),
    _criterion(
        "O09", "output", "", "", "2",
        "Apakah infrastruktur pendukung (jaringan intra pemerintah, pusat data, command center) tersedia?",
        "Cakupan jaringan ke OPD dan kecamatan, pusat data/komputasi awan, ruang command center.",
        ["Infrastruktur pendukung belum tersedia.",
         "Jaringan hanya menjangkau sebagian OPD di pusat pemerintahan.",
         "Jaringan menjangkau seluruh OPD; pusat data terbatas.",
         "Jaringan hingga kecamatan, pusat data memadai, command center berfungsi.",
         "Infrastruktur andal dan terpadu, dengan rencana cadangan dan keamanan yang teruji."]),
    _criterion(
        "O10", "output", "society", "security", "1",
        "Apakah ada kebijakan tata kelola dan keamanan informasi untuk layanan smart city?",
        "Peraturan atau SOP keamanan informasi, pengelolaan insiden, perlindungan data pribadi.",
        ["Tidak ada kebijakan keamanan informasi.",
         "Kebijakan dalam penyusunan.",
         "Kebijakan ditetapkan, penerapannya terbatas.",
         "Kebijakan diterapkan dengan SOP insiden dan pelatihan.",
         "Kebijakan diterapkan, diaudit berkala dan insiden ditangani terdokumentasi."]),

    # --- Outcome: the masterplan carried out ------------------------------------------------------------------
    _criterion(
        "C01", "outcome", "governance", "public_services", "3",
        "Sejauh mana program Smart Governance dalam masterplan telah dilaksanakan?",
        "Status program tata kelola dan layanan publik (layanan terpadu, e-budgeting, pengaduan) pada tahun evaluasi.",
        ["Belum ada program yang berjalan.",
         "Kurang dari seperempat program berjalan.",
         "Sekitar separuh program berjalan sesuai jadwal.",
         "Sebagian besar program berjalan sesuai jadwal.",
         "Seluruh program tahun berjalan terlaksana dan sebagian sudah selesai."]),
    _criterion(
        "C02", "outcome", "branding", "tourism", "2",
        "Sejauh mana program Smart Branding dalam masterplan telah dilaksanakan?",
        "Program pariwisata, promosi produk unggulan dan penataan wajah kota.",
        ["Belum ada program yang berjalan.",
         "Kurang dari seperempat program berjalan.",
         "Sekitar separuh program berjalan sesuai jadwal.",
         "Sebagian besar program berjalan sesuai jadwal.",
         "Seluruh program tahun berjalan terlaksana dan sebagian sudah selesai."]),
    _criterion(
        "C03", "outcome", "economy", "transactions", "2",
        "Sejauh mana program Smart Economy dalam masterplan telah dilaksanakan?",
        "Program transaksi non-tunai, pemberdayaan UMKM, industri lokal dan kesejahteraan.",
        ["Belum ada program yang berjalan.",
         "Kurang dari seperempat program berjalan.",
         "Sekitar separuh program berjalan sesuai jadwal.",
         "Sebagian besar program berjalan sesuai jadwal.",
         "Seluruh program tahun berjalan terlaksana dan sebagian sudah selesai."]),
    _criterion(
        "C04", "outcome", "living", "mobility", "2",
        "Sejauh mana program Smart Living dalam masterplan telah dilaksanakan?",
        "Program kesehatan, transportasi dan mobilitas, kerukunan dan kebencanaan.",
        ["Belum ada program yang berjalan.",
         "Kurang dari seperempat program berjalan.",
         "Sekitar separuh program berjalan sesuai jadwal.",
         "Sebagian besar program berjalan sesuai jadwal.",
         "Seluruh program tahun berjalan terlaksana dan sebagian sudah selesai."]),
    _criterion(
        "C05", "outcome", "society", "community", "2",
        "Sejauh mana program Smart Society dalam masterplan telah dilaksanakan?",
        "Program komunitas, pendidikan dan literasi digital, keamanan.",
        ["Belum ada program yang berjalan.",
         "Kurang dari seperempat program berjalan.",
         "Sekitar separuh program berjalan sesuai jadwal.",
         "Sebagian besar program berjalan sesuai jadwal.",
         "Seluruh program tahun berjalan terlaksana dan sebagian sudah selesai."]),
    _criterion(
        "C06", "outcome", "environment", "waste", "2",
        "Sejauh mana program Smart Environment dalam masterplan telah dilaksanakan?",
        "Program pengelolaan sampah, perlindungan lingkungan dan energi.",
        ["Belum ada program yang berjalan.",
         "Kurang dari seperempat program berjalan.",
         "Sekitar separuh program berjalan sesuai jadwal.",
         "Sebagian besar program berjalan sesuai jadwal.",
         "Seluruh program tahun berjalan terlaksana dan sebagian sudah selesai."]),
    _criterion(
        "C07", "outcome", "", "", "3",
        "Berapa realisasi anggaran program smart city dibandingkan rencananya?",
        "Realisasi anggaran per program pada tahun evaluasi; sebab program tertunda (refocusing, pengadaan).",
        ["Realisasi di bawah 25% atau tidak tercatat.",
         "Realisasi 25–50%, banyak program tertunda tanpa rencana pemulihan.",
         "Realisasi 50–75%, program tertunda memiliki rencana pemulihan.",
         "Realisasi 75–90% dengan penjelasan atas selisihnya.",
         "Realisasi di atas 90% dengan keluaran sesuai rencana."]),
    _criterion(
        "C08", "outcome", "governance", "bureaucracy", "2",
        "Apakah aplikasi dan data antar-OPD telah terintegrasi dan saling bertukar (interoperabel)?",
        "Arsitektur SPBE, layanan berbagi pakai, API antar aplikasi, pengurangan aplikasi ganda.",
        ["Aplikasi berdiri sendiri tanpa pertukaran data.",
         "Pertukaran data manual antar beberapa OPD.",
         "Sebagian aplikasi terhubung melalui layanan bersama.",
         "Sebagian besar aplikasi prioritas terintegrasi dan data dipakai bersama.",
         "Integrasi menyeluruh berdasarkan arsitektur SPBE daerah, tanpa aplikasi ganda."]),
    _criterion(
        "C09", "outcome", "", "", "1",
        "Apakah kemajuan program dipantau dan dilaporkan secara berkala (monev internal)?",
        "Laporan kemajuan per program, rapat evaluasi dengan OPD, tindak lanjut kendala.",
        ["Tidak ada pemantauan.",
         "Pemantauan sesekali tanpa laporan tertulis.",
         "Laporan tahunan tersedia untuk sebagian program.",
         "Pemantauan berkala seluruh program dengan rapat evaluasi bersama OPD.",
         "Pemantauan berbasis data secara berkelanjutan, kendala ditindaklanjuti dan terdokumentasi."]),

    # --- Impact: the benefit citizens feel ---------------------------------------------------------------------
    _criterion(
        "I01", "impact", "governance", "public_services", "3",
        "Apakah layanan publik menjadi lebih mudah dan cepat dirasakan warga?",
        "Waktu layanan sebelum dan sesudah, layanan daring yang dipakai warga, hasil survei kepuasan.",
        ["Belum ada perubahan yang dapat ditunjukkan.",
         "Perubahan kecil pada sebagian layanan.",
         "Sebagian layanan lebih cepat dengan bukti terukur.",
         "Sebagian besar layanan lebih cepat dan banyak dipakai warga.",
         "Layanan utama jauh lebih cepat, dipakai luas dan dinilai puas oleh warga."]),
    _criterion(
        "I02", "impact", "branding", "business", "2",
        "Apakah daya tarik daerah (kunjungan wisata, investasi, citra daerah) meningkat?",
        "Data kunjungan wisata, nilai investasi, liputan dan penghargaan.",
        ["Tidak ada bukti peningkatan.",
         "Peningkatan kecil dan belum terkait program.",
         "Peningkatan pada satu indikator yang terkait program.",
         "Peningkatan pada beberapa indikator yang terkait program.",
         "Peningkatan nyata dan berkelanjutan yang diakui secara nasional."]),
    _criterion(
        "I03", "impact", "economy", "welfare", "3",
        "Apakah program berdampak pada pendapatan warga dan UMKM?",
        "Omzet UMKM binaan, transaksi di pasar daring daerah, penurunan kemiskinan di wilayah sasaran.",
        ["Tidak ada bukti dampak ekonomi.",
         "Dampak ekonomi diklaim tanpa data.",
         "Dampak pada sekelompok kecil penerima manfaat, dengan data.",
         "Dampak terukur pada banyak penerima manfaat.",
         "Dampak terukur luas, termasuk efek berganda pada pendapatan warga."]),
    _criterion(
        "I04", "impact", "living", "health", "2",
        "Apakah kualitas hidup warga (kesehatan, mobilitas, rasa aman) membaik karena program?",
        "Indikator layanan kesehatan, waktu tempuh, tanggap darurat, angka kejadian.",
        ["Tidak ada bukti perbaikan.",
         "Perbaikan diklaim tanpa data.",
         "Perbaikan terukur pada satu bidang.",
         "Perbaikan terukur pada beberapa bidang.",
         "Perbaikan nyata di banyak bidang dan dirasakan luas oleh warga."]),
    _criterion(
        "I05", "impact", "society", "learning", "2",
        "Apakah partisipasi warga dan literasi digital meningkat?",
        "Jumlah warga terlatih, pengguna kanal partisipasi, keterlibatan komunitas.",
        ["Tidak ada bukti peningkatan.",
         "Kegiatan ada, partisipasi rendah.",
         "Partisipasi meningkat pada sebagian kegiatan.",
         "Partisipasi luas dan literasi digital terukur meningkat.",
         "Warga dan komunitas aktif menjadi bagian dari penyelenggaraan program."]),
    _criterion(
        "I06", "impact", "environment", "protection", "2",
        "Apakah kualitas lingkungan membaik karena program (sampah terkelola, udara dan air, energi)?",
        "Persentase sampah terkelola, indikator kualitas lingkungan, penghematan energi.",
        ["Tidak ada bukti perbaikan.",
         "Perbaikan diklaim tanpa data.",
         "Perbaikan terukur pada satu indikator.",
         "Perbaikan terukur pada beberapa indikator.",
         "Perbaikan nyata dan berkelanjutan yang terbuka dipantau publik."]),
    _criterion(
        "I07", "impact", "", "", "3",
        "Bagaimana kepuasan warga terhadap program smart city menurut survei (sekurangnya 50 responden "
        "atas enam program)?",
        "Hasil survei kepuasan warga: Sangat Puas, Puas, Cukup Puas, Tidak Puas per program.",
        ["Survei tidak dilaksanakan.",
         "Survei di bawah ketentuan (kurang dari 50 responden atau enam program), mayoritas tidak puas.",
         "Survei sesuai ketentuan, kurang dari separuh responden puas atau sangat puas.",
         "Survei sesuai ketentuan, separuh hingga tiga perempat responden puas atau sangat puas.",
         "Survei sesuai ketentuan, lebih dari tiga perempat responden puas atau sangat puas."]),

    # --- Quick win: innovation in the first year ------------------------------------------------------------------
    _criterion(
        "Q01", "quick_win", "", "", "3",
        "Apakah quick win yang ditetapkan dalam masterplan dijalankan pada tahun pertama?",
        "Daftar quick win masterplan dan status pelaksanaannya.",
        ["Quick win belum ditetapkan.",
         "Quick win ditetapkan, belum ada yang berjalan.",
         "Sebagian quick win berjalan.",
         "Seluruh quick win berjalan.",
         "Seluruh quick win berjalan dan memberi hasil yang dapat ditunjukkan."]),
    _criterion(
        "Q02", "quick_win", "governance", "public_services", "2",
        "Seberapa inovatif quick win daerah (gagasan baru atau replikasi yang disesuaikan dengan kebutuhan lokal)?",
        "Uraian inovasi, masalah yang dijawab, pembeda dari layanan sebelumnya.",
        ["Tidak ada inovasi.",
         "Meniru aplikasi daerah lain tanpa penyesuaian.",
         "Replikasi yang disesuaikan dengan kebutuhan lokal.",
         "Inovasi baru yang menjawab masalah lokal yang jelas.",
         "Inovasi baru yang direplikasi daerah lain atau meraih penghargaan."]),
    _criterion(
        "Q03", "quick_win", "economy", "industry", "2",
        "Apakah quick win berlanjut dan diperluas setelah tahun pertama?",
        "Anggaran lanjutan, perluasan wilayah atau pengguna, pengelola tetap.",
        ["Quick win berhenti.",
         "Quick win berjalan tanpa anggaran lanjutan yang pasti.",
         "Quick win berlanjut dengan cakupan tetap.",
         "Quick win berlanjut dan diperluas.",
         "Quick win melembaga menjadi layanan tetap dengan cakupan seluruh daerah."]),
    _criterion(
        "Q04", "quick_win", "society", "community", "1",
        "Apakah quick win melibatkan kolaborasi pentahelix (akademisi, dunia usaha, komunitas, media)?",
        "Perjanjian kerja sama, peran mitra, kontribusi nonanggaran.",
        ["Tanpa kolaborasi.",
         "Kolaborasi sebatas sosialisasi.",
         "Satu mitra berperan nyata.",
         "Beberapa unsur pentahelix berperan nyata.",
         "Kolaborasi pentahelix menjadi penggerak utama quick win."]),
    _criterion(
        "Q05", "quick_win", "branding", "city_appearance", "1",
        "Apakah quick win dikenal warga dan memperkuat citra daerah?",
        "Jumlah pengguna, pemberitaan, media sosial, penghargaan.",
        ["Tidak dikenal warga.",
         "Dikenal terbatas di lingkungan pemerintah.",
         "Dikenal sebagian warga sasaran.",
         "Dikenal luas dan dipakai warga sasaran.",
         "Menjadi ikon daerah dan dikenal di luar daerah."]),
]

DEFAULT_INSTRUMENT = {
    "code": "iksc-2021",
    "name": "Instrumen Evaluasi Gerakan Menuju 100 Smart City (edisi 2021)",
    "description": "Instrumen bawaan portal: lima aspek (baseline, output, outcome, impact, quick win) dan enam "
                   "dimensi smart city, dengan deskriptor untuk setiap level 1–5. Pada evaluasi pertama daerah, "
                   "Baseline dinilai dengan kriteria kesiapan; sesudahnya Baseline mengukur peningkatan sejak "
                   "evaluasi sebelumnya, dengan deskriptor peningkatan.",
    "criteria": CRITERIA,
    # Results are published as an index, its improvement and ranks; a predikat is an SPBE notion.
    "uses_predikat": False,
}
