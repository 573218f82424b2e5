"""Texts of the generated documents, in Indonesian and English (documents are made outside a
request, by the CLI too, so they carry their own small catalogue like the charts do)."""

from __future__ import annotations

import math

TEXTS = {
    "id": {
        "report_title": "Laporan Survei Kepuasan Masyarakat (SKM)",
        "worksheet_title": "Pengolahan Data Survei Kepuasan Masyarakat per Responden "
        "dan per Unsur Pelayanan",
        "unit": "Unit pelayanan",
        "mpp": "Mal Pelayanan Publik",
        "period": "Periode",
        "generated": "Dibuat",
        "method": "IKM dihitung menurut PermenPANRB 14/2017: NRR per unsur = jumlah nilai / jumlah "
        "jawaban unsur itu; bobot 1/9 per unsur; IKM = Σ NRR tertimbang × 25.",
        "respondent_no": "No. responden",
        "date": "Tanggal",
        "hour": "Jam",
        "counter": "Loket",
        "service": "Layanan",
        "channel": "Kanal",
        "comment": "Komentar",
        "total": "Σ nilai per unsur",
        "answers": "Jumlah jawaban",
        "nrr": "NRR per unsur",
        "weighted": "NRR tertimbang (× 1/9)",
        "formula_check": "Cek rumus Excel: NRR",
        "ikm_1_4": "IKM (Σ NRR tertimbang)",
        "ikm": "IKM unit pelayanan (× 25)",
        "mutu": "Mutu pelayanan",
        "kinerja": "Kinerja unit pelayanan",
        "respondents": "Jumlah responden",
        "element": "Unsur pelayanan",
        "interpretation": "Tabel interpretasi",
        "perception": "Nilai persepsi",
        "interval": "Nilai interval (1–4)",
        "interval_conv": "Nilai interval konversi (25–100)",
        "sample": "Kecukupan sampel (Krejcie & Morgan)",
        "population": "Jumlah pengguna layanan (N)",
        "required": "Sampel minimal (S)",
        "collected": "Responden terkumpul",
        "status": "Status",
        "no_population": "Jumlah pengunjung periode ini belum diisi di data operasional bulanan.",
        "adequate": "sampel memenuhi",
        "short": "sampel belum memenuhi (kurang {})",
        "tenants": "IKM per instansi",
        "tenant": "Instansi",
        "complaints": "Pengaduan dan saran: tindak lanjut",
        "complaints_total": "Komentar",
        "complaints_open": "Belum selesai",
        "complaints_closed": "Ditindaklanjuti",
        "complaints_share": "Persentase",
        "complaints_median": "Median jam",
        "no_complaints": "Tidak ada komentar pada periode ini.",
        "no_data": "Belum ada tanggapan untuk unit dan periode ini.",
        "page": "Halaman {} dari {}",
        "summary": "Ringkasan",
        "elements": "Nilai per unsur",
        "charts": "Grafik",
        "trend": "Tren IKM",
        "demo": "DATA DEMO — bukan hasil survei sebenarnya",
        "sheet_data": "Olah data",
        "sheet_interpretation": "Interpretasi",
        "sheet_tenants": "Per instansi",
        "sheet_comments": "Komentar",
        "poster_title": "Hasil Survei Kepuasan Masyarakat",
        "poster_respondents": "dari {} responden",
        "poster_scan": "Pindai untuk hasil lengkap",
        "poster_elements": "Nilai per unsur pelayanan (25–100)",
        "thanks": "Terima kasih atas penilaian Anda. Hasil ini kami tindak lanjuti.",
        "h_total": "Σ nilai",
        "h_answers": "Jawaban",
        "h_weighted": "NRR × 1/9",
        "h_mutu": "Mutu",
        "h_kinerja": "Kinerja",
        "h_respondents": "Responden",
        "h_ikm": "IKM",
        "h_perception": "Nilai persepsi",
        "h_interval": "Interval (1–4)",
        "h_interval_conv": "Konversi (25–100)",
        "h_share": "% selesai",
        "h_median": "Median jam",
        "h_open": "Terbuka",
        "h_closed": "Selesai",
    },
    "en": {
        "report_title": "Public Satisfaction Survey (SKM) Report",
        "worksheet_title": "Public Satisfaction Survey worksheet per respondent and per element",
        "unit": "Service unit",
        "mpp": "Public service mall",
        "period": "Period",
        "generated": "Generated",
        "method": "IKM computed per PermenPANRB 14/2017: element NRR = sum of scores / answers to "
        "that element; weight 1/9 per element; IKM = Σ weighted NRR × 25.",
        "respondent_no": "Respondent no.",
        "date": "Date",
        "hour": "Hour",
        "counter": "Counter",
        "service": "Service",
        "channel": "Channel",
        "comment": "Comment",
        "total": "Σ scores per element",
        "answers": "Answers",
        "nrr": "Element NRR",
        "weighted": "Weighted NRR (× 1/9)",
        "formula_check": "Excel formula check: NRR",
        "ikm_1_4": "IKM (Σ weighted NRR)",
        "ikm": "Service unit IKM (× 25)",
        "mutu": "Service quality",
        "kinerja": "Unit performance",
        "respondents": "Respondents",
        "element": "Service element",
        "interpretation": "Interpretation table",
        "perception": "Perception value",
        "interval": "Interval (1–4)",
        "interval_conv": "Converted interval (25–100)",
        "sample": "Sample adequacy (Krejcie & Morgan)",
        "population": "Service users (N)",
        "required": "Minimum sample (S)",
        "collected": "Respondents collected",
        "status": "Status",
        "no_population": "Visitors for this period have not been entered in the monthly figures.",
        "adequate": "sample adequate",
        "short": "sample not yet adequate ({} short)",
        "tenants": "IKM per agency",
        "tenant": "Agency",
        "complaints": "Complaints and suggestions: follow-up",
        "complaints_total": "Comments",
        "complaints_open": "Open",
        "complaints_closed": "Followed up",
        "complaints_share": "Share",
        "complaints_median": "Median hours",
        "no_complaints": "No comments in this period.",
        "no_data": "No responses yet for this unit and period.",
        "page": "Page {} of {}",
        "summary": "Summary",
        "elements": "Scores per element",
        "charts": "Charts",
        "trend": "IKM trend",
        "demo": "DEMO DATA — not real survey results",
        "sheet_data": "Worksheet",
        "sheet_interpretation": "Interpretation",
        "sheet_tenants": "Per agency",
        "sheet_comments": "Comments",
        "poster_title": "Public Satisfaction Survey results",
        "poster_respondents": "from {} respondents",
        "poster_scan": "Scan for the full results",
        "poster_elements": "Score per service element (25–100)",
        "thanks": "Thank you for your rating. We act on these results.",
        "h_total": "Σ scores",
        "h_answers": "Answers",
        "h_weighted": "NRR × 1/9",
        "h_mutu": "Grade",
        "h_kinerja": "Performance",
        "h_respondents": "Respondents",
        "h_ikm": "IKM",
        "h_perception": "Perception",
        "h_interval": "Interval (1–4)",
        "h_interval_conv": "Converted (25–100)",
        "h_share": "% closed",
        "h_median": "Median hours",
        "h_open": "Open",
        "h_closed": "Closed",
    },
}

KINERJA_EN = {"Sangat baik": "Very good", "Baik": "Good", "Kurang baik": "Poor",
              "Tidak baik": "Very poor"}  # fmt: skip

# DOMAIN 2.3 (PermenPANRB 14/2017): perception value, intervals, mutu, kinerja.
INTERPRETATION = (
    (1, "1,00 – 2,5996", "25,00 – 64,99", "D", "Tidak baik"),
    (2, "2,60 – 3,064", "65,00 – 76,60", "C", "Kurang baik"),
    (3, "3,0644 – 3,532", "76,61 – 88,30", "B", "Baik"),
    (4, "3,5324 – 4,00", "88,31 – 100,00", "A", "Sangat baik"),
)


def texts(lang: str) -> dict[str, str]:
    return TEXTS["en" if lang == "en" else "id"]


def kinerja(label: str, lang: str) -> str:
    return KINERJA_EN.get(label, label) if lang == "en" else label


def number(value, digits: int = 2, lang: str = "id") -> str:
    """88.3111 → "88,31" (Indonesian) or "88.31"; "–" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    if lang != "en":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def interval(text: str, lang: str) -> str:
    return text.replace(",", ".") if lang == "en" else text


def on_grade(mutu: str) -> str:
    """Text colour on a grade colour: dark on the light B and C, white on A and D."""
    return "#222222" if mutu in ("B", "C") else "white"
