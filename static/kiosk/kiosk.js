// Mutu MPP kiosk: attract → (agency → counter → service) → nine questions → optional profile →
// thank-you. Answers go to the IndexedDB outbox before the thank-you screen; a sender empties it.

import { DEVICE_STRINGS, t as translate } from "./strings.js";
import { Outbox, requestPersistence } from "./outbox.js";
import { answerButtons, pickButtons, profileFields, progressDots } from "./screens.js";
import { IdleWatch } from "./idle.js";
import { StaffPanel, watchLongPress } from "./staff.js";
import { Pairing } from "./pairing.js";

const data = document.body.dataset;
const cfg = {
  thanksSeconds: Number(data.thanksSeconds) || 6,
  idleSeconds: Number(data.idleSeconds) || 60,
  countdownSeconds: Number(data.idleCountdownSeconds) || 10,
  configUrl: data.configUrl,
  submitUrl: data.submitUrl,
  pairingsUrl: data.pairingsUrl,
  swUrl: data.swUrl,
  swScope: data.swScope,
  facesUrl: data.facesUrl,
};
const DEFAULT_LANG = "id";
const LANGS = ["id", "en"];
const TOKEN_KEY = "mutu.kiosk.token";
const CONFIG_KEY = (lang) => `mutu.kiosk.config.${lang}`;
const CONFIG_CACHE = "mutu-kiosk-config"; // the service worker's cache for the configuration
const SURVEY_SCREENS = new Set(["pick", "question", "profile"]);
const ANSWER_PAUSE_MS = 180;
const OFFLINE_RETRY_MS = 15000;
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

const state = {
  lang: DEFAULT_LANG,
  token: null,
  config: null,
  device: null, // null, or why the kiosk cannot run: pairing, unregistered, unknown, revoked, offline
  screen: "loading",
  survey: null, // {id, tenant, counter, service, answers, profile, comment, stack}
  busy: false,
  sending: false,
  submitError: null,
  thanksTimer: null,
  retryTimer: null,
  langRequest: 0,
  reloadWhenIdle: false,
};

const $ = (id) => document.getElementById(id);
const t = (key, vars) => translate(state.lang, key, vars);

const store = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (error) {
      /* private mode or full: the kiosk still works for this session */
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      /* nothing stored */
    }
  },
};

function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  // Plain http on a LAN is not a secure context: randomUUID is missing, getRandomValues is not.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- Device token and configuration ----

function takeTokenFromHash() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]).trim();
    if (token) storeToken(token);
    history.replaceState(null, "", location.pathname + location.search);
    if (token) return token;
  }
  return store.get(TOKEN_KEY);
}

function storeToken(token) {
  if (token !== store.get(TOKEN_KEY)) forgetConfig();
  store.set(TOKEN_KEY, token);
}

// A token arrived while the kiosk runs: from a registration address, or a confirmed pairing.
function useToken(token) {
  pairing.stop();
  pairing.forget();
  storeToken(token);
  state.token = token;
  outbox.setToken(token);
  outbox.pump();
  return loadAndShowAttract(DEFAULT_LANG);
}

function forgetConfig() {
  for (const lang of LANGS) store.remove(CONFIG_KEY(lang));
  if ("caches" in window) caches.delete(CONFIG_CACHE).catch(() => {});
}

async function fetchConfig(lang) {
  let response = null;
  try {
    response = await fetch(`${cfg.configUrl}?lang=${lang}`, {
      headers: { Authorization: `Device ${state.token}`, Accept: "application/json" },
      cache: "no-store",
    });
  } catch (error) {
    response = null;
  }
  if (response && response.status === 401) return { problem: "unknown" };
  if (response && response.status === 403) return { problem: "revoked" };
  if (response && response.ok) {
    try {
      const config = await response.json();
      store.set(CONFIG_KEY(lang), JSON.stringify(config));
      return { config };
    } catch (error) {
      /* a broken body: fall back to the saved copy */
    }
  }
  const saved = store.get(CONFIG_KEY(lang));
  if (saved) {
    try {
      return { config: JSON.parse(saved), stale: true };
    } catch (error) {
      store.remove(CONFIG_KEY(lang));
    }
  }
  return { problem: "offline" };
}

async function loadAndShowAttract(lang = DEFAULT_LANG) {
  clearTimeout(state.retryTimer);
  if (!state.token) return showDevice("pairing");
  const request = ++state.langRequest;
  const result = await fetchConfig(lang);
  if (request !== state.langRequest) return undefined;
  if (!result.config) return showDevice(result.problem);
  if (!result.stale) outbox.deviceAccepted();
  state.device = null;
  document.querySelector(".lang-switch").hidden = false;
  setLanguage(lang);
  state.config = result.config;
  renderHeader();
  show("attract");
  statusChanged();
  return undefined;
}

async function switchLanguage(lang) {
  if (lang === state.lang || !LANGS.includes(lang)) return;
  if (!state.config) {
    setLanguage(lang); // device screens are bilingual; only the chrome changes
    return;
  }
  const request = ++state.langRequest;
  const result = await fetchConfig(lang);
  if (request !== state.langRequest) return;
  if (result.problem === "unknown" || result.problem === "revoked") {
    showDevice(result.problem);
    return;
  }
  if (!result.config) return; // offline with no copy in that language: stay as we are
  state.config = result.config;
  setLanguage(lang);
  renderHeader();
  renderCurrent();
}

function setLanguage(lang) {
  state.lang = lang;
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-t-label]")) {
    node.setAttribute("aria-label", t(node.dataset.tLabel));
  }
  for (const button of document.querySelectorAll(".lang-btn")) {
    button.setAttribute("aria-pressed", button.dataset.lang === lang ? "true" : "false");
  }
  idle.refreshText();
  if (staff.open) staff.render(facts());
  updateBadge();
}

// ---- Screens ----

function show(name) {
  state.screen = name;
  document.body.dataset.screen = name;
  for (const section of document.querySelectorAll("main > .screen")) {
    section.hidden = section.id !== `screen-${name}`;
  }
  idle.enable(SURVEY_SCREENS.has(name));
  const heading = $(`screen-${name}`).querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}

function showDevice(kind) {
  const again = state.device === kind && state.screen === "device";
  state.device = kind;
  state.survey = null;
  const texts = DEVICE_STRINGS[kind] || DEVICE_STRINGS.unregistered;
  for (const node of document.querySelectorAll("[data-device-t]")) {
    node.textContent = texts[node.dataset.deviceT] ?? DEVICE_STRINGS.common[node.dataset.deviceT];
  }
  $("device-retry").hidden = kind === "pairing";
  $("pairing").hidden = kind !== "pairing";
  if (kind === "pairing" && !pairing.current) showPairingWait();
  document.querySelector("#screen-device .command").hidden = kind !== "unregistered";
  document.body.dataset.device = kind;
  renderHeader();
  document.querySelector(".lang-switch").hidden = true; // the device screens are bilingual
  if (!again) show("device"); // a new code is no reason to move the focus
  statusChanged();
  if (kind === "offline") {
    state.retryTimer = setTimeout(() => loadAndShowAttract(state.lang), OFFLINE_RETRY_MS);
  }
  if (kind === "unregistered" || kind === "pairing") pairing.start();
  else pairing.stop();
}

// ---- Pairing: a code on screen until a manager confirms it ----

function showPairingCode({ code }) {
  $("pairing-code").textContent = code;
  if (!state.token) showDevice("pairing");
}

function showPairingWait() {
  $("pairing-code").textContent = "····-····";
  $("pairing-expiry").hidden = true;
}

function showPairingTimeLeft(seconds) {
  const time = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  const texts = DEVICE_STRINGS.pairing;
  $("pairing-expiry-id").textContent = texts["expires.id"].replace("{time}", time);
  $("pairing-expiry-en").textContent = texts["expires.en"].replace("{time}", time);
  $("pairing-expiry").hidden = false;
}

function pairingUnavailable() {
  if (!state.token && state.device === "pairing") showDevice("unregistered");
}

function renderHeader() {
  const config = state.config;
  $("place-mpp").textContent = config && !state.device ? config.mpp.name : "Mutu MPP";
  $("place-counter").textContent = state.device ? "" : counterLabel();
}

function counterLabel() {
  const config = state.config;
  if (!config) return "";
  if (config.fixed_counter) return withTenant(config.fixed_counter.name, config.fixed_counter.tenant);
  const survey = state.survey;
  if (!survey || !survey.counter) return "";
  const tenant = currentTenant();
  const counter = tenant && tenant.counters.find((c) => c.code === survey.counter);
  return counter ? withTenant(counter.name, tenant.name) : "";
}

// "Loket 3 · Dukcapil", unless the counter's own name already says which agency it is.
function withTenant(counterName, tenantName) {
  return counterName.includes(tenantName) ? counterName : `${counterName} · ${tenantName}`;
}

function currentTenant() {
  const survey = state.survey;
  return survey && state.config.tenants.find((tenant) => tenant.name === survey.tenant);
}

function currentServices() {
  const config = state.config;
  if (config.fixed_counter) return config.fixed_counter.services;
  const tenant = currentTenant();
  return tenant ? tenant.services : [];
}

function renderCurrent() {
  const survey = state.survey;
  const view = survey && survey.stack[survey.stack.length - 1];
  if (!view) {
    if (state.screen === "attract" || state.screen === "thanks") show(state.screen);
    return;
  }
  if (view.kind === "pick") renderPick(view.step);
  else if (view.kind === "question") renderQuestion(view.index);
  else renderProfile();
}

// ---- The survey's path ----

function startSurvey() {
  if (!state.config || state.busy) return;
  const fixed = state.config.fixed_counter;
  state.survey = {
    id: uuid(), // minted now: a retried send of this survey is recognised by the server
    startedAt: Date.now(),
    tenant: fixed ? fixed.tenant : null,
    counter: fixed ? fixed.code : null,
    service: undefined,
    answers: {},
    profile: {},
    comment: "",
    stack: [],
  };
  state.submitError = null;
  forward();
}

function nextView(view) {
  const survey = state.survey;
  const config = state.config;
  if (!view || view.kind === "pick") {
    if (survey.tenant === null) {
      if (config.tenants.length !== 1) return { kind: "pick", step: "agency" };
      survey.tenant = config.tenants[0].name;
    }
    if (survey.counter === null) {
      const counters = currentTenant().counters;
      if (counters.length !== 1) return { kind: "pick", step: "counter" };
      survey.counter = counters[0].code;
    }
    if (survey.service === undefined) {
      const services = currentServices();
      if (services.length > 1) return { kind: "pick", step: "service" };
      survey.service = services.length === 1 ? services[0].code : null;
    }
    return { kind: "question", index: 0 };
  }
  if (view.kind === "question" && view.index + 1 < config.instrument.elements.length) {
    return { kind: "question", index: view.index + 1 };
  }
  return { kind: "profile" };
}

function forward() {
  const stack = state.survey.stack;
  const next = nextView(stack[stack.length - 1]);
  stack.push(next);
  renderHeader();
  renderCurrent();
}

function back() {
  const survey = state.survey;
  if (!survey || state.sending) return;
  survey.stack.pop();
  const view = survey.stack[survey.stack.length - 1];
  if (!view) {
    resetToStart();
    return;
  }
  // Going back to a choice undoes it and everything chosen after it.
  if (view.kind === "pick" && view.step === "agency") survey.tenant = null;
  if (view.kind === "pick" && view.step !== "service" && !state.config.fixed_counter) survey.counter = null;
  if (view.kind === "pick") survey.service = undefined;
  renderHeader();
  renderCurrent();
}

function renderPick(step) {
  const survey = state.survey;
  const list = $("pick-list");
  let choices;
  let onPick;
  if (step === "agency") {
    choices = state.config.tenants.map((tenant) => ({
      key: tenant.name,
      name: tenant.name,
      detail: tenant.full_name,
    }));
    onPick = (key) => {
      survey.tenant = key;
      forward();
    };
  } else if (step === "counter") {
    const tenant = currentTenant();
    choices = tenant.counters.map((counter) => ({ key: counter.code, name: counter.name, detail: tenant.name }));
    onPick = (key) => {
      survey.counter = key;
      forward();
    };
  } else {
    choices = currentServices().map((service) => ({ key: service.code, name: service.name }));
    onPick = (key) => {
      survey.service = key;
      forward();
    };
  }
  $("pick-title").textContent = t(`pick.${step}`);
  $("pick-hint").textContent = t(`pick.${step}.hint`);
  list.replaceChildren(...pickButtons(choices, onPick));
  list.scrollTop = 0;
  $("pick-skip").hidden = step !== "service";
  show("pick");
}

function renderQuestion(index) {
  const survey = state.survey;
  const elements = state.config.instrument.elements;
  const element = elements[index];
  $("question-element").textContent = element.name;
  $("question-text").textContent = element.question;
  const answer = (score, button) => {
    if (state.busy) return;
    state.busy = true;
    survey.answers[element.code] = score;
    for (const other of $("answers").children) other.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-pressed", "true");
    button.classList.add("is-chosen");
    setTimeout(() => {
      state.busy = false;
      if (state.survey === survey && state.screen === "question") forward();
    }, ANSWER_PAUSE_MS);
  };
  $("answers").replaceChildren(...answerButtons(element, survey.answers[element.code], cfg.facesUrl, answer));
  $("dots").replaceChildren(...progressDots(elements.length, index));
  $("progress-text").textContent = t("question.progress", { n: index + 1, total: elements.length });
  show("question");
}

function renderProfile() {
  const survey = state.survey;
  const instrument = state.config.instrument;
  const setChoice = (code, value) => {
    if (value) survey.profile[code] = value;
    else delete survey.profile[code];
  };
  $("profile-fields").replaceChildren(...profileFields(instrument.profile, survey.profile, setChoice));
  const comment = $("comment");
  comment.maxLength = instrument.comment_max_length;
  comment.value = survey.comment;
  updateCommentLeft();
  renderSubmitError();
  show("profile");
}

function updateCommentLeft() {
  const max = state.config.instrument.comment_max_length;
  $("comment-left").textContent = t("profile.left", { n: max - $("comment").value.length });
}

function renderSubmitError() {
  const error = state.submitError;
  $("submit-error").hidden = !error;
  $("submit-error-text").textContent = !error
    ? ""
    : error.kind === "rejected"
      ? t("submit.rejected", { error: error.message })
      : t("submit.failed");
  $("profile-send").textContent = error ? t("profile.retry") : t("profile.send");
}

async function submit(includeOptional) {
  const survey = state.survey;
  if (!survey || state.sending) return;
  const comment = includeOptional ? survey.comment.trim() : "";
  const payload = {
    id: survey.id,
    counter: survey.counter,
    service: survey.service ?? null,
    answers: { ...survey.answers },
    profile: includeOptional ? { ...survey.profile } : {},
    comment: comment || null,
    submitted_at: new Date().toISOString(),
    lang: state.lang,
    // How long the visit took: the server flags implausibly fast runs, never drops them.
    duration_ms: Math.min(MAX_DURATION_MS, Math.max(0, Math.round(Date.now() - survey.startedAt))),
  };
  state.sending = true;
  setSendingButtons(true);
  try {
    if (outbox.available) {
      try {
        await outbox.add(payload); // resolves once committed to IndexedDB
        showThanks();
        return;
      } catch (error) {
        /* storage failed (quota, private mode): send it now instead */
      }
    }
    const result = await outbox.sendDirect(payload);
    if (result.kind === "stored") {
      showThanks();
      return;
    }
    state.submitError = {
      kind: result.kind,
      message: (result.body && result.body.error) || "",
    };
    if (state.survey === survey) renderSubmitError();
  } finally {
    state.sending = false;
    setSendingButtons(false);
  }
}

function setSendingButtons(disabled) {
  for (const id of ["profile-send", "profile-skip", "profile-back"]) $(id).disabled = disabled;
}

function showThanks() {
  state.survey = null;
  state.submitError = null;
  renderHeader();
  show("thanks");
  clearTimeout(state.thanksTimer);
  state.thanksTimer = setTimeout(resetToStart, cfg.thanksSeconds * 1000);
}

function resetToStart() {
  clearTimeout(state.thanksTimer);
  state.survey = null;
  state.submitError = null;
  state.busy = false;
  if (state.reloadWhenIdle) {
    location.reload(); // a new shell was installed: take it between two visitors
    return;
  }
  renderHeader();
  if (state.lang !== DEFAULT_LANG) setLanguage(DEFAULT_LANG);
  const cached = store.get(CONFIG_KEY(DEFAULT_LANG));
  try {
    if (cached) state.config = JSON.parse(cached);
  } catch (error) {
    /* keep the configuration in memory */
  }
  renderHeader();
  show("attract");
  loadAndShowAttractQuietly();
}

// Between two visitors: refresh the configuration without flashing the screen.
async function loadAndShowAttractQuietly() {
  const request = ++state.langRequest;
  const result = await fetchConfig(DEFAULT_LANG);
  if (request !== state.langRequest || state.screen !== "attract") return;
  if (result.config) {
    if (!result.stale) outbox.deviceAccepted();
    state.config = result.config;
    renderHeader();
  } else if (result.problem === "unknown" || result.problem === "revoked") {
    showDevice(result.problem);
  }
}

// ---- Status: badge, staff panel ----

function statusText() {
  if (!outbox) return "";
  if (!state.token) return t("staff.status.unregistered");
  const problem = outbox.deviceProblem || state.device;
  if (problem === "unknown") return t("staff.status.unknown");
  if (problem === "revoked") return t("staff.status.revoked");
  if (!outbox.available) return t("staff.status.noStorage");
  return t("staff.ok");
}

function facts() {
  return {
    device: state.config && state.config.device.label,
    mpp: state.config && state.config.mpp.name,
    online: navigator.onLine,
    status: statusText(),
    unsent: outbox.unsent,
    lastSentAt: outbox.lastSentAt,
    dead: outbox.dead,
    locale: state.lang === "id" ? "id-ID" : "en-GB",
  };
}

function updateBadge() {
  const badge = $("unsent-badge");
  const count = outbox ? outbox.unsent : 0;
  badge.hidden = count === 0;
  badge.textContent = String(count);
  badge.classList.toggle("is-problem", Boolean(outbox && outbox.deviceProblem));
  document.body.dataset.unsent = String(count);
  const label = count ? `${t("staff.corner")} — ${t("staff.badge", { n: count })}` : t("staff.corner");
  $("staff-corner").setAttribute("aria-label", label);
}

let lastProblem = null;
function statusChanged() {
  if (!outbox) return;
  updateBadge();
  if (staff.open) staff.render(facts());
  if (outbox.deviceProblem && outbox.deviceProblem !== lastProblem && state.screen === "attract") {
    loadAndShowAttract(DEFAULT_LANG); // confirm with the server, then show the device screen
  }
  lastProblem = outbox.deviceProblem;
}

function reregister() {
  store.remove(TOKEN_KEY);
  forgetConfig();
  state.token = null;
  state.config = null;
  outbox.setToken(null);
  showDevice("pairing");
}

// ---- Service worker: the shell and the configuration stay available offline ----

function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !cfg.swUrl) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) state.reloadWhenIdle = true;
  });
  navigator.serviceWorker.register(cfg.swUrl, { scope: cfg.swScope }).catch(() => {
    /* not a secure context or blocked: the kiosk still runs, online */
  });
}

// ---- Wiring ----

const idle = new IdleWatch({
  idleSeconds: cfg.idleSeconds,
  countdownSeconds: cfg.countdownSeconds,
  overlay: $("idle"),
  ring: $("ring-bar"),
  number: $("ring-number"),
  text: $("idle-text"),
  button: $("idle-continue"),
  describe: (n) => t("idle.text", { n }),
  onTimeout: () => resetToStart(),
});

const staff = new StaffPanel({
  dialog: $("staff"),
  t,
  onReregister: reregister,
  onRequeue: () => outbox.requeueDead(),
  onSendNow: () => outbox.sendNow(),
});

let outbox = null;

const pairing = new Pairing({
  url: cfg.pairingsUrl,
  store,
  onCode: showPairingCode,
  onUnavailable: pairingUnavailable,
  onConfirmed: useToken,
  onTick: showPairingTimeLeft,
});

function wire() {
  $("start").addEventListener("click", startSurvey);
  $("pick-back").addEventListener("click", back);
  $("question-back").addEventListener("click", back);
  $("profile-back").addEventListener("click", back);
  $("pick-skip").addEventListener("click", () => {
    state.survey.service = null;
    forward();
  });
  $("profile-skip").addEventListener("click", () => submit(false));
  $("profile-send").addEventListener("click", () => submit(true));
  $("comment").addEventListener("input", () => {
    if (state.survey) state.survey.comment = $("comment").value;
    updateCommentLeft();
  });
  $("thanks-done").addEventListener("click", resetToStart);
  $("device-retry").addEventListener("click", () => {
    if (state.device === "unregistered") pairing.retryNow();
    else loadAndShowAttract(state.lang);
  });
  for (const button of document.querySelectorAll(".lang-btn")) {
    button.addEventListener("click", () => switchLanguage(button.dataset.lang));
  }
  watchLongPress($("staff-corner"), () => {
    idle.enable(false); // staff at work is not an abandoned survey
    staff.show(facts());
  });
  $("staff").addEventListener("close", () => idle.enable(SURVEY_SCREENS.has(state.screen)));
  window.addEventListener("online", statusChanged);
  window.addEventListener("offline", statusChanged);
  window.addEventListener("hashchange", () => {
    // Staff opened the registration address on a kiosk page that was already open.
    if (!/token=/.test(location.hash)) return;
    const token = takeTokenFromHash();
    if (token) useToken(token);
  });
}

async function boot() {
  wire();
  setLanguage(DEFAULT_LANG);
  state.token = takeTokenFromHash();
  registerServiceWorker();
  requestPersistence();
  outbox = new Outbox({ submitUrl: cfg.submitUrl, token: state.token, onChange: statusChanged });
  await outbox.open();
  outbox.start();
  await loadAndShowAttract(DEFAULT_LANG);
}

boot();
