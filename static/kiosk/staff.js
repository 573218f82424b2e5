// The staff corner: a long press (2 s) on the logo opens the device status panel.

const LONG_PRESS_MS = 2000;
const ARM_MS = 5000;

export function watchLongPress(target, onLongPress) {
  let timer = null;
  const cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  const begin = (event) => {
    if (event.type === "keydown" && (event.repeat || !["Enter", " "].includes(event.key))) return;
    if (event.type === "keydown") event.preventDefault();
    cancel();
    timer = setTimeout(() => {
      timer = null;
      onLongPress();
    }, LONG_PRESS_MS);
  };
  target.addEventListener("pointerdown", begin);
  target.addEventListener("keydown", begin);
  for (const type of ["pointerup", "pointercancel", "pointerleave", "keyup", "blur"]) {
    target.addEventListener(type, cancel);
  }
  target.addEventListener("contextmenu", (event) => event.preventDefault());
}

export class StaffPanel {
  constructor({ dialog, t, onReregister, onRequeue, onSendNow }) {
    this.dialog = dialog;
    this.t = t;
    this.onReregister = onReregister;
    this.armedUntil = 0;
    this.$ = (id) => document.getElementById(id);
    this.$("staff-close").addEventListener("click", () => this.close());
    this.$("staff-send").addEventListener("click", () => onSendNow());
    this.$("staff-requeue").addEventListener("click", () => onRequeue());
    this.$("staff-reregister").addEventListener("click", () => this.reregister());
    dialog.addEventListener("close", () => this.disarm());
  }

  get open() {
    return this.dialog.open;
  }

  show(facts) {
    this.render(facts);
    if (!this.dialog.open) this.dialog.showModal();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  reregister() {
    const button = this.$("staff-reregister");
    if (Date.now() < this.armedUntil) {
      this.disarm();
      this.close();
      this.onReregister();
      return;
    }
    this.armedUntil = Date.now() + ARM_MS;
    button.classList.add("is-armed");
    button.textContent = this.t("staff.reregisterConfirm");
    setTimeout(() => this.disarm(), ARM_MS);
  }

  disarm() {
    this.armedUntil = 0;
    const button = this.$("staff-reregister");
    button.classList.remove("is-armed");
    button.textContent = this.t("staff.reregister");
  }

  // facts: {device, mpp, online, status, unsent, lastSentAt, dead: [{id, error, fields, rejectedAt}]}
  render(facts) {
    const t = this.t;
    this.$("staff-device").textContent = facts.device || "—";
    this.$("staff-mpp").textContent = facts.mpp || "—";
    this.$("staff-network").textContent = facts.online ? t("staff.online") : t("staff.offline");
    this.$("staff-status").textContent = facts.status;
    this.$("staff-unsent").textContent = String(facts.unsent);
    this.$("staff-last-sent").textContent = facts.lastSentAt
      ? new Date(facts.lastSentAt).toLocaleString(facts.locale)
      : t("staff.never");
    const list = this.$("staff-dead");
    list.replaceChildren(
      ...facts.dead.map((item) => {
        const li = document.createElement("li");
        const when = new Date(item.createdAt).toLocaleString(facts.locale);
        const fields = Object.entries(item.fields || {})
          .map(([name, problem]) => `${name}: ${problem}`)
          .join("; ");
        li.textContent = `${when} — ${item.error}${fields ? ` (${fields})` : ""}`;
        return li;
      }),
    );
    this.$("staff-dead-empty").hidden = facts.dead.length > 0;
    this.$("staff-dead-actions").hidden = facts.dead.length === 0;
    const warning = this.$("staff-reregister-warning");
    warning.hidden = facts.unsent === 0;
    warning.textContent = t("staff.reregisterWarning", { n: facts.unsent });
  }
}
