// The evidence form never loses a word (docs/decisions/0029).
//
// Every change is kept at once in this browser (localStorage), under the form's key, and
// sent to the service as the writer's draft every few seconds while they type. A copy is
// kept only until the service confirms it has it: if the tab closes, the browser crashes or
// the connection drops first, the next time the same form is opened here the newest such
// copy is put back and sent. The status line says when the service last saved the draft.
// Without JavaScript the form is a plain form: nothing here runs and nothing is autosaved.

const PREFIX = "evidence-draft:";
const INTERVAL_MS = 3000;
// What the page's own form carries; never restored from a copy.
const TECHNICAL = new Set(["csrfmiddlewaretoken", "form_key", "base_version"]);

const ukTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

function storage() {
  try {
    const probe = `${PREFIX}probe`;
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return null; // private browsing or storage refused: autosave to the service only
  }
}

function fieldsOf(form) {
  const fields = {};
  for (const [name, value] of new FormData(form)) {
    if (TECHNICAL.has(name) || typeof value !== "string") continue;
    (fields[name] ||= []).push(value);
  }
  return fields;
}

function fill(form, fields) {
  for (const element of form.elements) {
    const name = element.name;
    if (!name || TECHNICAL.has(name) || element.disabled || element.type === "submit") continue;
    const values = fields[name] || [];
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = values.includes(element.value);
    } else {
      element.value = values[0] ?? "";
    }
  }
}

function copiesFor(store, inspection, record) {
  const found = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (!key || !key.startsWith(PREFIX)) continue;
    try {
      const copy = JSON.parse(store.getItem(key));
      if (copy && copy.inspection === inspection && copy.record === record) found.push(copy);
    } catch {
      // Not one of ours, or damaged: left alone.
    }
  }
  return found.sort((a, b) => b.savedAt - a.savedAt);
}

export function initEvidenceAutosave(root) {
  const form = root.querySelector("form");
  const status = root.querySelector("[data-autosave-status]");
  if (!form || !status) return;
  const store = storage();
  const url = root.dataset.autosaveUrl;
  const inspection = root.dataset.inspection;
  const record = root.dataset.record || "";
  const keyInput = form.elements.namedItem("form_key");
  const versionInput = form.elements.namedItem("base_version");
  let dirty = false;
  let sending = false;
  let changedAt = 0;

  const storageKey = () => `${PREFIX}${keyInput.value}`;
  const say = (words) => { status.textContent = words; };

  function keepLocally() {
    if (!store) return;
    const copy = {
      formKey: keyInput.value, inspection, record, baseVersion: versionInput ? versionInput.value : "",
      fields: fieldsOf(form), savedAt: changedAt || Date.now(), synced: false,
    };
    try {
      store.setItem(storageKey(), JSON.stringify(copy));
    } catch {
      // Storage full: the service's draft is the copy.
    }
  }

  async function send() {
    if (!dirty || sending) return;
    sending = true;
    dirty = false;
    const sentFor = changedAt;
    const body = new FormData(form);
    if (record) body.set("record", record);
    try {
      const response = await fetch(url, {
        method: "POST", body, credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.error || "not saved");
      if (answer.saved) {
        say(`Saved at ${answer.saved_at}`);
        // The service has it: no copy of the evidence stays on this device, unless more was
        // typed while it was being sent.
        if (changedAt === sentFor && store) store.removeItem(storageKey());
      }
    } catch (error) {
      dirty = true;
      say("Not saved to the service yet: the connection may have dropped. What you have "
        + "typed is kept in this browser and will be saved when the connection returns.");
    } finally {
      sending = false;
    }
  }

  function changed() {
    dirty = true;
    changedAt = Date.now();
    keepLocally();
  }

  if (store && root.dataset.savedFormKey) store.removeItem(`${PREFIX}${root.dataset.savedFormKey}`);
  if (store && root.dataset.bound !== "true") {
    const shownSince = Number(root.dataset.draftSavedAt || 0) * 1000;
    const pending = copiesFor(store, inspection, record).find((copy) => !copy.synced);
    if (pending && (pending.formKey !== keyInput.value || pending.savedAt > shownSince)) {
      keyInput.value = pending.formKey;
      if (versionInput && pending.baseVersion) versionInput.value = pending.baseVersion;
      fill(form, pending.fields);
      changedAt = pending.savedAt;
      dirty = true;
      say(`What you typed at ${ukTime.format(new Date(pending.savedAt))} was put back from this `
        + "browser. It is being saved to the service.");
      send();
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", send);
  window.setInterval(send, INTERVAL_MS);
}

document.querySelectorAll(".app-autosave").forEach(initEvidenceAutosave);
