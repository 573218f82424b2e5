// Pairing from the web: a tablet with no token asks for a code, shows it, and polls until a
// manager confirms it under Kelola › Perangkat. The secret it was given with the code is then
// its device token: it never travels again.

const POLL_MS = 3000;
const RETRY_MS = 15000; // no code could be had (offline, too many waiting): ask again after this;
// the "online" event cuts the wait short
const STORE_KEY = "mutu.kiosk.pairing"; // survives a reload, so a tablet keeps the code it shows

export class Pairing {
  // onCode({code, deadline}) each time a code is shown; onUnavailable() when none can be had;
  // onConfirmed(secret) once a manager has confirmed; onTick(secondsLeft) every second.
  constructor({ url, store, onCode, onUnavailable, onConfirmed, onTick }) {
    this.url = url;
    this.store = store;
    this.onCode = onCode;
    this.onUnavailable = onUnavailable;
    this.onConfirmed = onConfirmed;
    this.onTick = onTick;
    this.current = null; // {code, secret, deadline}, deadline in this tablet's own clock (ms)
    this.running = false;
    this.busy = false;
    this.nextTry = 0; // after a failed request for a code: not before this moment
    this.timers = [];
    window.addEventListener("online", () => this.retryNow());
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.current = this.saved();
    if (this.current) {
      this.onCode(this.current);
      this.tick();
    }
    this.timers = [setInterval(() => this.step(), POLL_MS), setInterval(() => this.tick(), 1000)];
    this.step();
  }

  stop() {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  retryNow() {
    this.nextTry = 0;
    if (this.running) this.step();
  }

  forget() {
    this.current = null;
    this.store.remove(STORE_KEY);
  }

  tick() {
    if (!this.current) return;
    const left = Math.max(0, Math.ceil((this.current.deadline - Date.now()) / 1000));
    this.onTick(left);
    if (left === 0) this.step();
  }

  // One move at a time: a code when there is none (or it expired), otherwise ask for news.
  async step() {
    if (!this.running || this.busy) return;
    if (!this.current && Date.now() < this.nextTry) return;
    this.busy = true;
    try {
      if (!this.current || Date.now() >= this.current.deadline) await this.newCode();
      else await this.poll();
    } finally {
      this.busy = false;
    }
  }

  async newCode() {
    this.forget();
    const body = await this.request(this.url, { method: "POST" });
    if (!body.ok) {
      this.nextTry = Date.now() + RETRY_MS;
      this.onUnavailable(body.status);
      return;
    }
    const { code, secret, expires_in: seconds } = body.json;
    this.current = { code, secret, deadline: Date.now() + seconds * 1000 };
    this.store.set(STORE_KEY, JSON.stringify(this.current));
    this.onCode(this.current);
    this.tick();
  }

  async poll() {
    const { code, secret } = this.current;
    const url = `${this.url}/${encodeURIComponent(code)}`;
    const answer = await this.request(url, { headers: { Authorization: `Pairing ${secret}` } });
    if (!this.running || !this.current || this.current.secret !== secret) return;
    if (answer.ok && answer.json.status === "confirmed") {
      this.stop();
      this.forget();
      this.onConfirmed(secret);
    } else if (answer.status === 401 || answer.status === 410) {
      this.current.deadline = 0; // gone or expired: the next step asks for a new code
    }
    // A network error or a 5xx: keep the code and ask again at the next step.
  }

  async request(url, options) {
    try {
      const response = await fetch(url, {
        ...options,
        headers: { Accept: "application/json", ...(options.headers || {}) },
        cache: "no-store",
      });
      let json = null;
      try {
        json = await response.json();
      } catch (error) {
        json = null;
      }
      return { ok: response.ok && json !== null, status: response.status, json };
    } catch (error) {
      return { ok: false, status: 0, json: null };
    }
  }

  saved() {
    try {
      const saved = JSON.parse(this.store.get(STORE_KEY) || "null");
      const usable = saved && saved.code && saved.secret && saved.deadline > Date.now() + 5000;
      return usable ? saved : null;
    } catch (error) {
      return null;
    }
  }
}
