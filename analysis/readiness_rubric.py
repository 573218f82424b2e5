"""Written rubric for the 11 MPP Digital criteria, levels 1..5, in Indonesian and English.

Levels follow the SPBE maturity ladder (PermenPANRB 59/2020): 1 Rintisan, 2 Terkelola,
3 Terstandarisasi, 4 Terpadu dan Terukur, 5 Optimum. The wording is this product's own guide
for assessors, not ministry text. ``RUBRIC[code][level] = (id, en)``.
"""

RUBRIC = {
    "informasi_umum": {
        1: (
            "Informasi layanan hanya tersedia di lokasi, tidak lengkap.",
            "Service information only on site, incomplete.",
        ),
        2: (
            "Informasi persyaratan, biaya dan jam layanan dimuat daring untuk sebagian layanan.",
            "Requirements, fees and hours online for some services.",
        ),
        3: (
            "Semua layanan punya informasi daring baku (persyaratan, prosedur, biaya, waktu).",
            "Every service has standard online information (requirements, steps, fees, time).",
        ),
        4: (
            "Informasi terintegrasi dengan sistem instansi dan diperbarui otomatis; akses diukur.",
            "Information integrated with agency systems, updated automatically; usage measured.",
        ),
        5: (
            "Informasi dipersonalisasi, multikanal dan dievaluasi berkala dari umpan balik.",
            "Personalised, multichannel information, reviewed regularly from feedback.",
        ),
    },
    "antrian": {
        1: ("Antrean manual di lokasi.", "Manual on-site queue."),
        2: ("Mesin antrean elektronik di lokasi.", "Electronic ticket machine on site."),
        3: ("Pemesanan antrean daring untuk semua loket.", "Online booking for every counter."),
        4: (
            "Antrean daring terpadu lintas tenant; waktu tunggu dipantau.",
            "Online queue integrated across tenants; waiting time monitored.",
        ),
        5: (
            "Kapasitas loket diatur dari data antrean; estimasi waktu tunggu real-time.",
            "Counter capacity planned from queue data; real-time waiting estimates.",
        ),
    },
    "konsultasi_pengaduan": {
        1: ("Pengaduan hanya lisan atau kotak saran.", "Complaints only verbal or suggestion box."),
        2: (
            "Kanal pengaduan daring tersedia tetapi tidak terhubung SP4N-LAPOR!.",
            "Online complaint channel, not linked to SP4N-LAPOR!.",
        ),
        3: (
            "Konsultasi dan pengaduan daring terhubung SP4N-LAPOR! dengan standar waktu respons.",
            "Online consultation and complaints linked to SP4N-LAPOR! with response standards.",
        ),
        4: (
            "Status tindak lanjut dapat dilacak; kecepatan respons diukur dan dilaporkan.",
            "Follow-up status trackable; response speed measured and reported.",
        ),
        5: (
            "Analisis pengaduan mendorong perbaikan layanan secara berkelanjutan.",
            "Complaint analysis drives continuous service improvement.",
        ),
    },
    "survei_kepuasan": {
        1: ("SKM dengan kuesioner kertas, tidak rutin.", "Paper SKM, not regular."),
        2: ("SKM elektronik di sebagian loket.", "Electronic SKM at some counters."),
        3: (
            "SKM elektronik sesuai PermenPANRB 14/2017 di semua layanan, hasil dipublikasikan.",
            "Electronic SKM per PermenPANRB 14/2017 for all services, results published.",
        ),
        4: (
            "Hasil SKM per loket dan periode dipantau; rencana tindak lanjut tercatat.",
            "SKM per counter and period monitored; follow-up plans recorded.",
        ),
        5: (
            "Tindak lanjut SKM diukur dampaknya dan menjadi dasar keputusan.",
            "Impact of SKM follow-up measured and used for decisions.",
        ),
    },
    "pelaporan_kinerja": {
        1: ("Laporan kinerja manual dan tidak berkala.", "Manual, irregular performance reports."),
        2: ("Rekap kinerja elektronik per tenant.", "Electronic performance summaries per tenant."),
        3: (
            "Pelaporan kinerja baku dan berkala untuk seluruh MPP.",
            "Standard, periodic performance reporting for the whole MPP.",
        ),
        4: (
            "Dasbor kinerja terpadu dari data transaksi, antrean dan SKM.",
            "Integrated dashboard from transaction, queue and SKM data.",
        ),
        5: (
            "Kinerja dibandingkan antar-MPP dan dipakai untuk perencanaan.",
            "Performance benchmarked across MPPs and used for planning.",
        ),
    },
    "pemrosesan_dokumen": {
        1: (
            "Berkas diproses manual; pemohon harus datang untuk menanyakan status.",
            "Files processed manually; applicants must visit to ask for status.",
        ),
        2: ("Sebagian layanan dapat diajukan daring.", "Some services can be applied for online."),
        3: (
            "Pengajuan daring dan penelusuran status untuk layanan utama.",
            "Online application and status tracking for the main services.",
        ),
        4: (
            "Penelusuran dokumen terpadu lintas tenant dengan notifikasi.",
            "Document tracking integrated across tenants, with notifications.",
        ),
        5: (
            "Layanan ujung ke ujung daring, termasuk dokumen elektronik bertanda tangan.",
            "End-to-end online services, including signed electronic documents.",
        ),
    },
    "komitmen": {
        1: ("Belum ada kebijakan MPP Digital.", "No MPP Digital policy yet."),
        2: ("Ada komitmen tertulis pimpinan.", "Written commitment from leadership."),
        3: (
            "Regulasi daerah, anggaran dan tim pengelola ditetapkan.",
            "Local regulation, budget and management team in place.",
        ),
        4: (
            "Target MPP Digital masuk rencana kinerja dan dipantau.",
            "MPP Digital targets in performance plans and monitored.",
        ),
        5: (
            "Komitmen berkelanjutan lintas periode dengan evaluasi independen.",
            "Sustained commitment across terms with independent evaluation.",
        ),
    },
    "platform": {
        1: ("Aplikasi terpisah per tenant.", "Separate applications per tenant."),
        2: ("Sebagian aplikasi terhubung melalui tautan.", "Some applications linked."),
        3: ("Terhubung ke platform nasional MPP Digital.", "Connected to the national platform."),
        4: (
            "Integrasi data dan single sign-on dengan platform nasional.",
            "Data integration and single sign-on with the national platform.",
        ),
        5: (
            "Interoperabilitas penuh; layanan baru tersambung tanpa pengembangan khusus.",
            "Full interoperability; new services plug in without custom work.",
        ),
    },
    "berkelanjutan": {
        1: ("Operasional bergantung pada proyek sesaat.", "Operations depend on one-off projects."),
        2: ("Ada petugas operasional, anggaran belum tetap.", "Operators exist, no fixed budget."),
        3: ("Anggaran rutin operasional dan pemeliharaan.", "Recurring operations budget."),
        4: (
            "Rencana pemeliharaan dan kapasitas SDM terukur.",
            "Measured maintenance plan and staff capacity.",
        ),
        5: (
            "Pendanaan dan SDM terjamin jangka panjang; perbaikan berkelanjutan.",
            "Long-term funding and staff assured; continuous improvement.",
        ),
    },
    "keamanan": {
        1: ("Belum ada pengamanan informasi yang jelas.", "No clear information security."),
        2: ("Kontrol dasar: kata sandi, cadangan data.", "Basic controls: passwords, backups."),
        3: (
            "Kebijakan keamanan dan perlindungan data pribadi ditetapkan.",
            "Security and personal-data protection policies in place.",
        ),
        4: (
            "Uji keamanan berkala dan penanganan insiden terdokumentasi.",
            "Regular security testing and documented incident handling.",
        ),
        5: (
            "Keamanan tersertifikasi dan dievaluasi berkelanjutan.",
            "Certified security, continuously evaluated.",
        ),
    },
    "uji_coba_pengguna": {
        1: ("Belum ada uji coba dengan pengguna.", "No user testing."),
        2: ("Uji coba informal sebelum peluncuran.", "Informal testing before launch."),
        3: (
            "Uji coba terencana dengan kelompok pengguna beragam.",
            "Planned testing with diverse user groups.",
        ),
        4: (
            "Hasil uji kegunaan dan aksesibilitas diukur dan ditindaklanjuti.",
            "Usability and accessibility results measured and acted on.",
        ),
        5: (
            "Uji pengguna berkelanjutan menjadi bagian siklus pengembangan.",
            "Continuous user testing built into the development cycle.",
        ),
    },
}
