"""The national catalogue of agencies (instansi) found at MPPs, with their usual services.

Real agencies and real service types; which of them serve at a given MPP is that MPP's
business (its tenants).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyEntry:
    code: str
    name: str
    short_name: str
    sector: str
    services: tuple[tuple[str, str, str], ...]  # (code suffix, name in Indonesian, in English)


AGENCY_CATALOGUE: tuple[AgencyEntry, ...] = (
    AgencyEntry(
        "dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dukcapil",
        "kependudukan",
        (
            ("ktp", "Perekaman dan pencetakan KTP-el", "Electronic ID card (KTP-el)"),
            ("kk", "Kartu Keluarga", "Family card"),
            ("akta-lahir", "Akta kelahiran", "Birth certificate"),
            ("akta-mati", "Akta kematian", "Death certificate"),
            ("pindah", "Surat keterangan pindah", "Change of address"),
        ),
    ),
    AgencyEntry(
        "bpjs-kes",
        "BPJS Kesehatan",
        "BPJS Kesehatan",
        "jaminan sosial",
        (
            ("daftar", "Pendaftaran peserta JKN", "JKN membership registration"),
            ("ubah", "Perubahan data peserta", "Member data changes"),
            ("info", "Informasi dan pengaduan JKN", "JKN information and complaints"),
        ),
    ),
    AgencyEntry(
        "bpjs-tk",
        "BPJS Ketenagakerjaan",
        "BPJS Ketenagakerjaan",
        "jaminan sosial",
        (
            ("klaim-jht", "Klaim Jaminan Hari Tua", "Old-age savings claim"),
            ("daftar", "Pendaftaran peserta", "Member registration"),
            ("info", "Informasi program", "Programme information"),
        ),
    ),
    AgencyEntry(
        "samsat",
        "Sistem Administrasi Manunggal Satu Atap (Samsat)",
        "Samsat",
        "transportasi",
        (
            ("pkb", "Pembayaran pajak kendaraan tahunan", "Annual vehicle tax"),
            ("stnk", "Pengesahan/perpanjangan STNK 5 tahunan", "Five-yearly registration renewal"),
            ("bbn", "Balik nama kendaraan", "Change of vehicle ownership"),
        ),
    ),
    AgencyEntry(
        "polres-sim",
        "Kepolisian Resor — Satpas SIM",
        "Polres (SIM)",
        "kepolisian",
        (
            ("sim-perpanjang", "Perpanjangan SIM", "Driving licence renewal"),
            ("sim-baru", "Pembuatan SIM baru", "New driving licence"),
        ),
    ),
    AgencyEntry(
        "polres-skck",
        "Kepolisian Resor — SKCK",
        "Polres (SKCK)",
        "kepolisian",
        (("skck", "Surat Keterangan Catatan Kepolisian", "Police clearance certificate"),),
    ),
    AgencyEntry(
        "imigrasi",
        "Kantor Imigrasi",
        "Imigrasi",
        "imigrasi",
        (
            ("paspor-baru", "Permohonan paspor baru", "New passport"),
            ("paspor-ganti", "Penggantian paspor", "Passport replacement"),
        ),
    ),
    AgencyEntry(
        "kpp",
        "Kantor Pelayanan Pajak Pratama",
        "KPP Pratama",
        "perpajakan",
        (
            ("npwp", "Pendaftaran NPWP", "Tax ID registration"),
            ("spt", "Konsultasi SPT Tahunan", "Annual tax return help"),
            ("efin", "Aktivasi EFIN", "EFIN activation"),
        ),
    ),
    AgencyEntry(
        "bpn",
        "Kantor Pertanahan (BPN)",
        "BPN",
        "pertanahan",
        (
            ("cek-sertifikat", "Pengecekan sertifikat tanah", "Land certificate check"),
            ("peralihan", "Peralihan hak atas tanah", "Transfer of land rights"),
            ("roya", "Roya (penghapusan hak tanggungan)", "Mortgage release"),
        ),
    ),
    AgencyEntry(
        "dpmptsp",
        "Dinas Penanaman Modal dan PTSP",
        "DPMPTSP",
        "perizinan",
        (
            ("nib", "Nomor Induk Berusaha (OSS)", "Business ID number (OSS)"),
            ("pbg", "Persetujuan Bangunan Gedung", "Building approval"),
            ("izin-reklame", "Izin reklame", "Billboard permit"),
        ),
    ),
    AgencyEntry(
        "pdam",
        "Perusahaan Daerah Air Minum",
        "PDAM",
        "utilitas",
        (
            ("sambungan", "Sambungan baru", "New connection"),
            ("tagihan", "Pembayaran dan pengaduan tagihan", "Bills and billing complaints"),
        ),
    ),
    AgencyEntry(
        "bank-bri",
        "Bank Rakyat Indonesia",
        "Bank BRI",
        "perbankan",
        (
            ("rekening", "Pembukaan rekening", "Account opening"),
            ("setoran", "Setoran pajak dan retribusi", "Tax and levy payments"),
        ),
    ),
    AgencyEntry(
        "bank-daerah",
        "Bank Pembangunan Daerah",
        "Bank Daerah",
        "perbankan",
        (
            ("rekening", "Pembukaan rekening", "Account opening"),
            ("pbb", "Pembayaran PBB", "Property tax payment"),
        ),
    ),
    AgencyEntry(
        "kemenag",
        "Kantor Kementerian Agama",
        "Kemenag",
        "keagamaan",
        (
            ("haji", "Pendaftaran haji", "Hajj registration"),
            ("halal", "Sertifikasi halal", "Halal certification"),
        ),
    ),
    AgencyEntry(
        "disnaker",
        "Dinas Tenaga Kerja",
        "Disnaker",
        "ketenagakerjaan",
        (("ak1", "Kartu pencari kerja (AK/1)", "Job seeker card (AK/1)"),),
    ),
    AgencyEntry(
        "bapenda",
        "Badan Pendapatan Daerah",
        "Bapenda",
        "perpajakan",
        (
            ("pbb", "Pelayanan PBB-P2", "Property tax services"),
            ("bphtb", "Validasi BPHTB", "Land transfer duty validation"),
        ),
    ),
    AgencyEntry(
        "pln",
        "PT PLN (Persero)",
        "PLN",
        "utilitas",
        (("pasang-baru", "Pasang baru dan tambah daya", "New connection and upgrades"),),
    ),
    AgencyEntry(
        "kejari",
        "Kejaksaan Negeri",
        "Kejaksaan",
        "hukum",
        (("tilang", "Pengambilan barang bukti tilang", "Traffic fine evidence return"),),
    ),
)
