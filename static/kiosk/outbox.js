// The outbox: every finished survey is written to IndexedDB first, then sent when the network allows.
// An item leaves the outbox only when the server answered 200/201 (stored) or refused it for good
// (a 4xx other than 401/403, 408 and 429), in which case it goes to the dead-letter store.

const DB_NAME = "mutu-kiosk";
const DB_VERSION = 1;
const OUTBOX = "outbox";
const DEAD = "dead";
const LAST_SENT_KEY = "mutu.kiosk.lastSentAt";
const BACKOFF_START_MS = 2000;
const BACKOFF_CAP_MS = 60000;
const TICK_MS = 5000;
const RETRY_STATUSES = new Set([408, 425, 429]);

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    if (!("indexedDB" in window) || !window.indexedDB) {
      reject(new Error("IndexedDB is not available"));
      return;
    }
    let request;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: "id" });
      if (!db.objectStoreNames.contains(DEAD)) db.createObjectStore(DEAD, { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("IndexedDB is blocked"));
  });
}

// Resolves when the transaction is committed (durability "strict": flushed to disk, not just queued).
function write(db, stores, work) {
  return new Promise((resolve, reject) => {
    let tx;
    try {
      tx = db.transaction(stores, "readwrite", { durability: "strict" });
    } catch (error) {
      tx = db.transaction(stores, "readwrite");
    }
    work(tx);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
  });
}

function readAll(db, store) {
  const tx = db.transaction(store, "readonly");
  return promised(tx.objectStore(store).getAll());
}

export class Outbox {
  constructor({ submitUrl, token, onChange }) {
    this.submitUrl = submitUrl;
    this.token = token;
    this.onChange = onChange || (() => {});
    this.db = null;
    this.available = false;
    this.sending = false;
    this.failures = 0;
    this.backoffUntil = 0;
    this.deviceProblem = null; // "unknown" (401) or "revoked" (403) while the server says so
    this.lastSentAt = localStorage.getItem(LAST_SENT_KEY);
    this.lastError = null;
    this.unsent = 0;
    this.dead = [];
    this.timer = null;
  }

  async open() {
    try {
      this.db = await openDatabase();
      this.available = true;
    } catch (error) {
      this.available = false;
      this.lastError = String(error && error.message ? error.message : error);
    }
    await this.refresh();
    return this.available;
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => this.pump(), TICK_MS);
    window.addEventListener("online", () => {
      this.backoffUntil = 0;
      this.failures = 0;
      this.pump();
    });
    window.addEventListener("offline", () => this.onChange());
    this.pump();
  }

  // The server accepted the token (e.g. for the configuration): send again without waiting.
  deviceAccepted() {
    if (this.deviceProblem) {
      this.deviceProblem = null;
      this.backoffUntil = 0;
      this.pump();
    }
  }

  setToken(token) {
    this.token = token;
    this.deviceProblem = null;
    this.backoffUntil = 0;
  }

  async refresh() {
    if (this.available) {
      const [items, dead] = await Promise.all([readAll(this.db, OUTBOX), readAll(this.db, DEAD)]);
      this.unsent = items.length;
      this.dead = dead.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    }
    this.onChange();
  }

  // Durably store one finished survey. Resolves only once the item is committed.
  async add(payload) {
    const item = { id: payload.id, payload, createdAt: new Date().toISOString(), attempts: 0, nextAt: 0 };
    await write(this.db, [OUTBOX], (tx) => tx.objectStore(OUTBOX).put(item));
    await this.refresh();
    this.pump();
  }

  // Without IndexedDB: send now and report the outcome; the caller keeps the answers on failure.
  async sendDirect(payload) {
    const result = await this.post(payload);
    if (result.kind === "stored") this.markSent();
    this.onChange();
    return result;
  }

  async post(payload) {
    if (!this.token) return { kind: "device", status: 401 };
    let response;
    try {
      response = await fetch(this.submitUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Device ${this.token}` },
        body: JSON.stringify(payload),
        cache: "no-store",
      });
    } catch (error) {
      return { kind: "network", error: String(error && error.message ? error.message : error) };
    }
    const status = response.status;
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      body = null;
    }
    if (status === 200 || status === 201) return { kind: "stored", status };
    if (status === 401 || status === 403) return { kind: "device", status, body };
    if (status >= 400 && status < 500 && !RETRY_STATUSES.has(status)) {
      return { kind: "rejected", status, body };
    }
    return { kind: "retry", status, body };
  }

  markSent() {
    this.lastSentAt = new Date().toISOString();
    this.lastError = null;
    localStorage.setItem(LAST_SENT_KEY, this.lastSentAt);
  }

  backoff() {
    this.failures += 1;
    const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** (this.failures - 1));
    this.backoffUntil = Date.now() + delay * (0.8 + Math.random() * 0.4);
  }

  async pump(force = false) {
    if (!this.available || this.sending || !this.token) return;
    if (!navigator.onLine || Date.now() < this.backoffUntil) return;
    this.sending = true;
    try {
      const items = (await readAll(this.db, OUTBOX)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (const item of items) {
        if (!force && item.nextAt > Date.now()) continue;
        const result = await this.post(item.payload);
        if (!(await this.settle(item, result))) break;
      }
    } catch (error) {
      this.lastError = String(error && error.message ? error.message : error);
    } finally {
      this.sending = false;
      await this.refresh();
    }
  }

  // Record one send's outcome; returns whether to go on with the next item.
  async settle(item, result) {
    if (result.kind === "stored") {
      await write(this.db, [OUTBOX], (tx) => tx.objectStore(OUTBOX).delete(item.id));
      this.markSent();
      this.failures = 0;
      this.deviceProblem = null;
      return true;
    }
    if (result.kind === "rejected") {
      this.deviceProblem = null; // the server knew the device: it refused the answer itself
      const dead = {
        ...item,
        status: result.status,
        error: (result.body && result.body.error) || `HTTP ${result.status}`,
        fields: (result.body && result.body.fields) || {},
        rejectedAt: new Date().toISOString(),
      };
      await write(this.db, [OUTBOX, DEAD], (tx) => {
        tx.objectStore(DEAD).put(dead);
        tx.objectStore(OUTBOX).delete(item.id);
      });
      return true;
    }
    if (result.kind === "device") {
      this.deviceProblem = result.status === 403 ? "revoked" : "unknown";
      this.lastError = (result.body && result.body.error) || `HTTP ${result.status}`;
      this.backoff();
      return false;
    }
    if (result.kind === "retry") {
      // A server error may be this item's alone: delay it, go on with the others.
      item.attempts += 1;
      item.nextAt = Date.now() + Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** item.attempts);
      item.lastError = (result.body && result.body.error) || `HTTP ${result.status}`;
      await write(this.db, [OUTBOX], (tx) => tx.objectStore(OUTBOX).put(item));
      this.lastError = item.lastError;
      return true;
    }
    this.lastError = result.error;
    this.backoff();
    return false;
  }

  async requeueDead() {
    const dead = await readAll(this.db, DEAD);
    await write(this.db, [OUTBOX, DEAD], (tx) => {
      for (const item of dead) {
        const { status, error, fields, rejectedAt, ...rest } = item;
        tx.objectStore(OUTBOX).put({ ...rest, attempts: 0, nextAt: 0 });
        tx.objectStore(DEAD).delete(item.id);
      }
    });
    this.backoffUntil = 0;
    await this.refresh();
    this.pump();
  }

  sendNow() {
    this.backoffUntil = 0;
    this.failures = 0;
    return this.pump(true);
  }
}

// Ask once per start that the browser never evicts the outbox under storage pressure.
export function requestPersistence() {
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(() => {});
  }
}
