// Every word the kiosk shows that does not come from the server, in Indonesian and English.
// Questions, answer labels and profile choices come with the configuration, in the chosen language.

export const STRINGS = {
  id: {
    "loading": "Memuat…",
    "lang.switch": "Bahasa",
    "attract.question": "Bagaimana pelayanan kami hari ini?",
    "attract.start": "Mulai",
    "attract.anonymous": "Anonim — tanpa nama, NIK, atau nomor HP. Kurang dari satu menit.",
    "attract.privacy":
      "Yang disimpan: jawaban Anda, loket dan layanan, waktu, serta profil dan komentar bila " +
      "Anda mengisinya. Komentar hanya dibaca oleh pengelola MPP ini dan instansi terkait.",
    "nav.back": "Kembali",
    "nav.skip": "Lewati",
    "pick.agency": "Instansi mana yang melayani Anda?",
    "pick.agency.hint": "Sentuh nama instansi.",
    "pick.counter": "Di loket mana Anda dilayani?",
    "pick.counter.hint": "Sentuh nomor loket.",
    "pick.service": "Layanan apa yang Anda terima?",
    "pick.service.hint": "Sentuh jenis layanan, atau Lewati.",
    "question.progress": "{n} dari {total}",
    "profile.title": "Tentang Anda (boleh dilewati)",
    "profile.hint": "Semua pertanyaan di layar ini tidak wajib. Sentuh sekali lagi untuk membatalkan pilihan.",
    "profile.comment": "Saran atau keluhan",
    "profile.left": "Sisa {n} karakter",
    "profile.skip": "Lewati",
    "profile.send": "Kirim",
    "profile.retry": "Coba lagi",
    "submit.failed":
      "Jawaban belum tersimpan: tablet ini tidak bisa menyimpan dan server tidak terjangkau. " +
      "Jawaban Anda masih di layar ini. Sentuh Coba lagi, atau minta bantuan petugas.",
    "submit.rejected": "Jawaban ditolak server: {error} Minta bantuan petugas.",
    "thanks.title": "Terima kasih!",
    "thanks.text": "Jawaban Anda sudah tersimpan. Masukan Anda membantu kami memperbaiki pelayanan.",
    "thanks.done": "Selesai",
    "idle.title": "Masih di sini?",
    "idle.text": "Survei akan dimulai ulang dalam {n} detik. Jawaban yang belum dikirim akan dihapus.",
    "idle.continue": "Lanjutkan",
    "staff.corner": "Menu petugas (tekan lama 2 detik)",
    "staff.title": "Status perangkat",
    "staff.close": "Tutup",
    "staff.device": "Perangkat",
    "staff.mpp": "MPP",
    "staff.network": "Jaringan",
    "staff.status": "Status",
    "staff.unsent": "Belum terkirim",
    "staff.lastSent": "Terakhir terkirim",
    "staff.never": "Belum pernah",
    "staff.online": "Daring (online)",
    "staff.offline": "Luring (offline)",
    "staff.ok": "Terdaftar, normal",
    "staff.status.unknown": "Token tidak dikenal server — daftarkan ulang",
    "staff.status.revoked": "Perangkat dicabut — hubungi pengelola",
    "staff.status.unregistered": "Belum terdaftar",
    "staff.status.noStorage": "Penyimpanan tablet tidak tersedia — jawaban dikirim langsung",
    "staff.sendNow": "Kirim sekarang",
    "staff.dead": "Ditolak server",
    "staff.deadEmpty": "Tidak ada.",
    "staff.requeue": "Antrekan ulang semua",
    "staff.reregister": "Daftarkan ulang",
    "staff.reregisterConfirm": "Sentuh sekali lagi untuk menghapus token perangkat",
    "staff.reregisterWarning": "{n} jawaban belum terkirim tetap disimpan dan dikirim setelah didaftarkan ulang.",
    "staff.badge": "{n} jawaban belum terkirim",
    "device.offline": "Tidak dapat memuat data kios dan belum ada salinan tersimpan. Periksa jaringan lalu coba lagi.",
  },
  en: {
    "loading": "Loading…",
    "lang.switch": "Language",
    "attract.question": "How was our service today?",
    "attract.start": "Start",
    "attract.anonymous": "Anonymous — no name, ID number or phone number. Less than a minute.",
    "attract.privacy":
      "What is stored: your answers, the counter and service, the time, and your profile and " +
      "comment if you give them. Comments are read only by this MPP's managers and the agency concerned.",
    "nav.back": "Back",
    "nav.skip": "Skip",
    "pick.agency": "Which agency served you?",
    "pick.agency.hint": "Tap the agency's name.",
    "pick.counter": "Which counter served you?",
    "pick.counter.hint": "Tap the counter.",
    "pick.service": "Which service did you receive?",
    "pick.service.hint": "Tap the service, or Skip.",
    "question.progress": "{n} of {total}",
    "profile.title": "About you (optional)",
    "profile.hint": "Everything on this screen is optional. Tap a choice again to clear it.",
    "profile.comment": "Suggestion or complaint",
    "profile.left": "{n} characters left",
    "profile.skip": "Skip",
    "profile.send": "Send",
    "profile.retry": "Try again",
    "submit.failed":
      "Your answers are not saved yet: this tablet cannot store them and the server cannot be " +
      "reached. Your answers are still on this screen. Tap Try again, or ask a member of staff.",
    "submit.rejected": "The server refused the answers: {error} Please ask a member of staff.",
    "thanks.title": "Thank you!",
    "thanks.text": "Your answers are saved. Your feedback helps us improve our service.",
    "thanks.done": "Done",
    "idle.title": "Still there?",
    "idle.text": "The survey will restart in {n} seconds. Unsent answers will be cleared.",
    "idle.continue": "Continue",
    "staff.corner": "Staff menu (press and hold for 2 seconds)",
    "staff.title": "Device status",
    "staff.close": "Close",
    "staff.device": "Device",
    "staff.mpp": "MPP",
    "staff.network": "Network",
    "staff.status": "Status",
    "staff.unsent": "Unsent",
    "staff.lastSent": "Last sent",
    "staff.never": "Never",
    "staff.online": "Online",
    "staff.offline": "Offline",
    "staff.ok": "Registered, working",
    "staff.status.unknown": "The server does not know this token — register again",
    "staff.status.revoked": "This device was revoked — contact a manager",
    "staff.status.unregistered": "Not registered",
    "staff.status.noStorage": "Tablet storage unavailable — answers are sent directly",
    "staff.sendNow": "Send now",
    "staff.dead": "Refused by the server",
    "staff.deadEmpty": "None.",
    "staff.requeue": "Queue all again",
    "staff.reregister": "Register again",
    "staff.reregisterConfirm": "Tap again to delete the device token",
    "staff.reregisterWarning": "{n} unsent answers are kept and will be sent after registering again.",
    "staff.badge": "{n} answers not sent yet",
    "device.offline": "Cannot load the kiosk data and no saved copy exists. Check the network and try again.",
  },
};

// The device screens are shown in both languages at once: staff may read either.
export const DEVICE_STRINGS = {
  common: {
    "retry.id": "Coba lagi",
    "retry.en": "Try again",
  },
  // A code from the server is on screen: a manager confirms it on the web.
  pairing: {
    "title.id": "Pasangkan tablet ini",
    "text.id": "Minta pengelola MPP membuka Kelola › Perangkat dan memasukkan kode ini.",
    "expires.id": "Berlaku {time} lagi",
    "title.en": "Pair this tablet",
    "text.en": "Ask the MPP's manager to open Manage › Devices and enter this code.",
    "expires.en": "valid for {time}",
  },
  // No code could be had (no network, or too many tablets waiting): the tablet keeps asking.
  unregistered: {
    "title.id": "Tablet ini belum terdaftar",
    "text.id":
      "Kode pemasangan belum bisa diminta dari server; tablet mencoba lagi sendiri. Petugas juga " +
      "bisa mendaftarkan tablet dengan perintah di bawah, lalu membuka alamat server dengan " +
      "/kiosk/#token= dan token yang dicetak.",
    "title.en": "This tablet is not registered",
    "text.en":
      "No pairing code could be had from the server yet; the tablet keeps trying. Staff can also " +
      "register the tablet with the command below, then open the server's address followed by " +
      "/kiosk/#token= and the printed token.",
  },
  unknown: {
    "title.id": "Token tablet ini tidak dikenal",
    "text.id":
      "Server tidak mengenali token perangkat ini. Jawaban yang belum terkirim tetap disimpan. " +
      "Petugas: tekan lama logo di kiri atas, pilih Daftarkan ulang, lalu pasangkan tablet dengan " +
      "kode yang muncul.",
    "title.en": "This tablet's token is not recognised",
    "text.en":
      "The server does not recognise this device token. Unsent answers are kept. Staff: press and " +
      "hold the logo at the top left, choose Register again, then pair the tablet with the code " +
      "that appears.",
  },
  revoked: {
    "title.id": "Tablet ini sudah dicabut",
    "text.id":
      "Pengelola MPP telah mencabut perangkat ini. Jawaban yang belum terkirim tetap disimpan. " +
      "Petugas: hubungi pengelola, lalu daftarkan ulang bila perlu.",
    "title.en": "This tablet has been revoked",
    "text.en":
      "The MPP's managers revoked this device. Unsent answers are kept. Staff: contact a " +
      "manager, then register the tablet again if needed.",
  },
  offline: {
    "title.id": "Data kios belum bisa dimuat",
    "text.id": "Tidak ada jaringan dan belum ada salinan tersimpan. Periksa jaringan lalu sentuh Coba lagi.",
    "title.en": "The kiosk data cannot be loaded",
    "text.en": "There is no network and no saved copy yet. Check the network, then tap Try again.",
  },
};

export function t(lang, key, vars = {}) {
  const text = (STRINGS[lang] && STRINGS[lang][key]) ?? STRINGS.id[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}
