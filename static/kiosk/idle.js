// Idle handling: after `idleSeconds` without a touch, a visible ring counts down, then the kiosk
// goes back to the start. Any touch during the countdown keeps the survey.

const RING_LENGTH = 326.73; // 2πr for r = 52, as in the template's circle

export class IdleWatch {
  constructor({ idleSeconds, countdownSeconds, overlay, ring, number, text, button, describe, onTimeout }) {
    this.idleMs = Math.max(5, idleSeconds) * 1000;
    this.countdownSeconds = countdownSeconds;
    this.overlay = overlay;
    this.ring = ring;
    this.number = number;
    this.text = text;
    this.describe = describe; // (secondsLeft) => sentence in the current language
    this.onTimeout = onTimeout;
    this.active = false;
    this.idleTimer = null;
    this.tickTimer = null;
    this.left = 0;
    const activity = () => {
      if (!this.active) return;
      if (!this.overlay.hidden) this.hideCountdown();
      this.arm();
    };
    for (const type of ["pointerdown", "keydown", "input", "wheel"]) {
      document.addEventListener(type, activity, { capture: true, passive: true });
    }
    button.addEventListener("click", activity);
  }

  // Watch only while a survey is under way (not on the attract or thank-you screen).
  enable(on) {
    this.active = on;
    if (on) {
      this.arm();
    } else {
      clearTimeout(this.idleTimer);
      this.hideCountdown();
    }
  }

  arm() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.showCountdown(), this.idleMs);
  }

  showCountdown() {
    this.left = this.countdownSeconds;
    this.overlay.hidden = false;
    this.setRing(this.left, false);
    this.render();
    this.overlay.querySelector("button").focus({ preventScroll: true });
    this.tickTimer = setInterval(() => {
      this.left -= 1;
      if (this.left <= 0) {
        this.hideCountdown();
        this.active = false;
        this.onTimeout();
      } else {
        this.render();
      }
    }, 1000);
  }

  // The ring shows the time left: full at the start, empty when the survey is dropped. Each second
  // it glides (a 1 s CSS transition) to where it will be at the next second.
  setRing(left, glide = true) {
    const ring = this.ring;
    ring.style.transition = glide ? "" : "none";
    ring.style.strokeDashoffset = String(RING_LENGTH * (1 - left / this.countdownSeconds));
    if (!glide) {
      void ring.getBoundingClientRect();
      ring.style.transition = "";
    }
  }

  render() {
    this.setRing(this.left - 1);
    this.number.textContent = String(this.left);
    this.text.textContent = this.describe(this.left);
  }

  hideCountdown() {
    clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.overlay.hidden = true;
  }

  refreshText() {
    if (!this.overlay.hidden) this.render();
  }
}
