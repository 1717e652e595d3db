// The timeout warning, after the pattern HMRC and DWP services use: some time before a
// signed-in session ends without activity, a modal dialog says so and counts down. "Stay
// signed in" asks the server to start the session's idle time again; "Sign out" goes to the
// sign-out page; at zero the person is signed out and told so.
//
// The page says how long its session has left and when to warn, in seconds, on <body>:
// data-session-seconds-left and data-session-warning-seconds (decision 0024). Tabs of the
// service share the moment the session ends through localStorage, so activity in one tab
// keeps the others' warnings away.

const STORAGE_KEY = "send-inspections.session-ends-at";
const ANNOUNCE_EVERY_SECONDS = 20; // screen readers hear the countdown this often, not every second

function inWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function readSharedEnd() {
  try {
    return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
  } catch {
    return 0; // storage refused (private browsing, policy): each tab keeps its own time
  }
}

function writeSharedEnd(endsAt) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(endsAt));
  } catch {
    // as above
  }
}

export class TimeoutWarning {
  constructor(body, dialog) {
    this.dialog = dialog;
    this.warningMs = Number(body.dataset.sessionWarningSeconds) * 1000;
    this.countdown = dialog.querySelector(".js-timeout-countdown");
    this.announcement = dialog.querySelector(".js-timeout-announcement");
    this.keepAliveForm = dialog.querySelector(".js-timeout-keep-alive");
    this.signOutForm = dialog.querySelector(".js-timeout-sign-out");
    this.lastAnnounced = null;
    this.returnFocusTo = null;
    this.setEnd(Date.now() + Number(body.dataset.sessionSecondsLeft) * 1000);
  }

  start() {
    this.keepAliveForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.staySignedIn();
    });
    // Escape closes a dialog; here it means "Stay signed in", as in the HMRC pattern.
    this.dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.staySignedIn();
    });
    window.addEventListener("storage", (event) => {
      if (event.key === STORAGE_KEY && readSharedEnd() > this.endsAt) {
        this.endsAt = readSharedEnd();
        this.tick();
      }
    });
    this.timer = window.setInterval(() => this.tick(), 1000);
    this.tick();
  }

  setEnd(endsAt) {
    this.endsAt = endsAt;
    if (endsAt > readSharedEnd()) writeSharedEnd(endsAt);
  }

  tick() {
    // Another tab may have kept the session alive since this one last looked.
    this.endsAt = Math.max(this.endsAt, readSharedEnd());
    const msLeft = this.endsAt - Date.now();
    if (msLeft <= 0) {
      this.signOut();
    } else if (msLeft <= this.warningMs) {
      this.show(Math.ceil(msLeft / 1000));
    } else if (this.dialog.open) {
      this.hide();
    }
  }

  show(secondsLeft) {
    const words = `You’ll be signed out in ${inWords(secondsLeft)}.`;
    this.countdown.textContent = words;
    if (this.lastAnnounced === null || this.lastAnnounced - secondsLeft >= ANNOUNCE_EVERY_SECONDS) {
      this.announcement.textContent = words;
      this.lastAnnounced = secondsLeft;
    }
    if (!this.dialog.open) {
      this.returnFocusTo = document.activeElement;
      this.dialog.showModal();
      this.dialog.focus();
    }
  }

  hide() {
    this.dialog.close();
    this.lastAnnounced = null;
    this.announcement.textContent = "";
    if (this.returnFocusTo && typeof this.returnFocusTo.focus === "function") {
      this.returnFocusTo.focus();
    }
  }

  async staySignedIn() {
    let secondsLeft = null;
    try {
      const response = await fetch(this.keepAliveForm.action, {
        method: "POST",
        body: new FormData(this.keepAliveForm),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "error", // a session already ended answers with a redirect to sign in
      });
      if (response.ok) secondsLeft = (await response.json()).seconds_left;
    } catch {
      secondsLeft = null;
    }
    if (typeof secondsLeft !== "number" || secondsLeft <= 0) {
      this.signOut();
      return;
    }
    this.setEnd(Date.now() + secondsLeft * 1000);
    this.hide();
  }

  signOut() {
    window.clearInterval(this.timer);
    this.signOutForm.submit();
  }
}

export function initTimeoutWarning(root = document) {
  const body = root.body;
  const dialog = root.getElementById("timeout-warning");
  if (!body || !dialog || !body.dataset.sessionSecondsLeft) return null;
  if (typeof dialog.showModal !== "function") return null; // the session simply ends
  const warning = new TimeoutWarning(body, dialog);
  warning.start();
  return warning;
}
