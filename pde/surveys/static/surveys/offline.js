/* PDE offline survey app: plain JavaScript, no build step.
   The form definition and the interviews live in IndexedDB; each interview gets a UUID
   made on the device, so the server stores it once however many times it is sent.
   Skip logic and constraints use the same XLSForm subset as the server (which checks
   everything again on arrival). */
(function () {
  "use strict";

  const root = document.getElementById("offline-app");
  if (!root) return;
  const TEXTS = JSON.parse(document.getElementById("offline-texts").textContent);
  const FORM_ID = root.dataset.formId;
  const DB_NAME = "pde-encuestas";
  let definition = null;
  let language = "es";

  // --- IndexedDB ---------------------------------------------------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("forms", { keyPath: "form_id" });
        const outbox = db.createObjectStore("outbox", { keyPath: "uuid" });
        outbox.createIndex("form_id", "form_id");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function store(name, mode, action) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = action(tx.objectStore(name));
      tx.oncomplete = () => resolve(request && request.result);
      tx.onerror = () => reject(tx.error);
    });
  }
  const putForm = (value) => store("forms", "readwrite", (s) => s.put(value));
  const getForm = (id) => store("forms", "readonly", (s) => s.get(id));
  const putInterview = (value) => store("outbox", "readwrite", (s) => s.put(value));
  const allInterviews = () =>
    store("outbox", "readonly", (s) => s.index("form_id").getAll(FORM_ID));

  // --- Expressions (the XLSForm subset) ------------------------------------------------
  const TOKEN = /\s*(?:(\$\{\s*([A-Za-z_][\w.\-]*)\s*\})|(\d+(?:\.\d+)?|\.\d+)|('[^']*'|"[^"]*")|(<=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)|(\.(?![\d.]))|([A-Za-z_][\w\-]*))/y;
  const BINARY = { or: 1, and: 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, div: 6, mod: 6 };

  function tokenize(text) {
    const tokens = [];
    text = text.trim();
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
      const m = TOKEN.exec(text);
      if (!m) throw new Error("token");
      if (m[1]) tokens.push(["ref", m[2]]);
      else if (m[3]) tokens.push(["num", parseFloat(m[3])]);
      else if (m[4]) tokens.push(["str", m[4].slice(1, -1)]);
      else if (m[5]) tokens.push(["op", m[5]]);
      else if (m[6]) tokens.push(["dot", "."]);
      else tokens.push(["name", m[7]]);
    }
    return tokens;
  }
  function parse(text) {
    const tokens = tokenize(text);
    let i = 0;
    const peek = () => tokens[i];
    const take = () => tokens[i++];
    function binaryOp() {
      const t = peek();
      return t && (t[0] === "op" || t[0] === "name") && t[1] in BINARY ? t[1] : null;
    }
    function expression(min) {
      let left = unary();
      for (;;) {
        const op = binaryOp();
        if (!op || BINARY[op] < min) return left;
        take();
        left = { k: "bin", op: op, a: left, b: expression(BINARY[op] + 1) };
      }
    }
    function unary() {
      const t = peek();
      if (t && t[0] === "op" && t[1] === "-") { take(); return { k: "neg", a: unary() }; }
      return primary();
    }
    function primary() {
      const t = take();
      if (t[0] === "num" || t[0] === "str") return { k: "lit", v: t[1] };
      if (t[0] === "ref") return { k: "ref", v: t[1] };
      if (t[0] === "dot") return { k: "dot" };
      if (t[0] === "op" && t[1] === "(") { const e = expression(1); take(); return e; }
      if (t[0] === "name") {
        take(); // "("
        const args = [];
        if (!(peek()[0] === "op" && peek()[1] === ")")) {
          args.push(expression(1));
          while (peek()[0] === "op" && peek()[1] === ",") { take(); args.push(expression(1)); }
        }
        take(); // ")"
        return { k: "call", f: t[1], args: args };
      }
      throw new Error("syntax");
    }
    return expression(1);
  }
  const toNumber = (v) => {
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    if (Array.isArray(v)) v = v.join(" ");
    const s = String(v == null ? "" : v).trim();
    return s === "" ? NaN : Number(s);
  };
  const toString = (v) => {
    if (v == null) return "";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (Array.isArray(v)) return v.join(" ");
    return String(v);
  };
  const toBool = (v) => {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return !(v === 0 || Number.isNaN(v));
    if (Array.isArray(v)) return v.length > 0;
    return toString(v) !== "";
  };
  const codes = (v) => (Array.isArray(v) ? v.map(String) : toString(v).split(/\s+/).filter(Boolean));
  function compare(op, a, b) {
    const numeric = [a, b].some((v) => typeof v === "number");
    if ((op === "=" || op === "!=") && !numeric) {
      const eq = toString(a) === toString(b);
      return op === "=" ? eq : !eq;
    }
    const x = toNumber(a), y = toNumber(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return op === "!=";
    return { "=": x === y, "!=": x !== y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y }[op];
  }
  function evaluate(node, values, current) {
    const w = (n) => evaluate(n, values, current);
    switch (node.k) {
      case "lit": return node.v;
      case "ref": return values[node.v] == null ? "" : values[node.v];
      case "dot": return current == null ? "" : current;
      case "neg": return -toNumber(w(node.a));
      case "bin": {
        if (node.op === "and") return toBool(w(node.a)) && toBool(w(node.b));
        if (node.op === "or") return toBool(w(node.a)) || toBool(w(node.b));
        const a = w(node.a), b = w(node.b);
        if (["=", "!=", "<", "<=", ">", ">="].includes(node.op)) return compare(node.op, a, b);
        const x = toNumber(a), y = toNumber(b);
        return { "+": x + y, "-": x - y, "*": x * y, div: x / y, mod: x % y }[node.op];
      }
      case "call": {
        const a = node.args;
        switch (node.f) {
          case "true": return true;
          case "false": return false;
          case "today": return new Date().toISOString().slice(0, 10);
          case "not": return !toBool(w(a[0]));
          case "selected": return codes(w(a[0])).includes(toString(w(a[1])));
          case "count-selected": return codes(w(a[0])).length;
          case "string-length": return toString(w(a[0])).length;
          case "if": return toBool(w(a[0])) ? w(a[1]) : w(a[2]);
          case "coalesce": { const f = w(a[0]); return toString(f) !== "" ? f : w(a[1]); }
          case "concat": return a.map((n) => toString(w(n))).join("");
          case "number": return toNumber(w(a[0]));
          case "int": return Math.trunc(toNumber(w(a[0])));
          case "round": return Math.round(toNumber(w(a[0])));
        }
      }
    }
    return "";
  }
  const cache = {};
  const run = (text, values, current) => evaluate(cache[text] || (cache[text] = parse(text)), values, current);
  const relevant = (conditions, values) => (conditions || []).every((c) => toBool(run(c, values)));

  // --- Rendering -----------------------------------------------------------------------
  const pick = (texts) => (texts && (texts[language] || texts.es)) || "";
  const el = (tag, attrs, children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach((c) => c && node.appendChild(c));
    return node;
  };

  function questionBlock(q, prefix) {
    const field = prefix + q.name;
    const block = el("div", { class: "field question", "data-name": q.name, id: "q-" + field });
    const required = q.required ? " *" : "";
    if (q.type === "note") {
      block.appendChild(el("p", { class: "note", text: pick(q.label) }));
      return block;
    }
    if (q.type === "select_one" || q.type === "select_multiple") {
      const fieldset = el("fieldset", {}, [el("legend", { text: pick(q.label) + required })]);
      if (pick(q.hint)) fieldset.appendChild(el("p", { class: "help", text: pick(q.hint) }));
      q.choices.forEach((choice) => {
        const input = el("input", {
          type: q.type === "select_one" ? "radio" : "checkbox",
          name: field,
          value: choice.name,
        });
        fieldset.appendChild(el("label", { class: "choice" }, [input, document.createTextNode(" " + (pick(choice.label) || choice.name))]));
      });
      block.appendChild(fieldset);
    } else {
      const id = "f-" + field;
      block.appendChild(el("label", { for: id, text: pick(q.label) + required }));
      if (pick(q.hint)) block.appendChild(el("p", { class: "help", text: pick(q.hint) }));
      const attrs = { id: id, name: field };
      if (q.type === "integer") Object.assign(attrs, { type: "text", inputmode: "numeric" });
      else if (q.type === "decimal") Object.assign(attrs, { type: "text", inputmode: "decimal" });
      else if (q.type === "date") attrs.type = "date";
      block.appendChild(el(q.type === "text" ? "textarea" : "input", attrs));
    }
    const audio = q.audio && q.audio[language];
    if (audio) block.appendChild(el("audio", { class: "question-audio", controls: true, preload: "none", src: audio, "aria-label": (definition.ui[language] || definition.ui.es).listen }));
    block.appendChild(el("p", { class: "field-error", role: "alert", hidden: true }));
    return block;
  }

  function repeatInstance(page, index) {
    const fieldset = el("fieldset", { class: "repeat-instance", "data-index": index }, [
      el("legend", { text: pick(page.label) + " " + (index + 1) }),
    ]);
    page.questions.forEach((q) => fieldset.appendChild(questionBlock(q, page.name + "-" + index + "-")));
    return fieldset;
  }

  function render(saved) {
    const container = document.getElementById("questions");
    container.textContent = "";
    const ui = definition.ui[language] || definition.ui.es;
    document.getElementById("consent-text").textContent = pick(definition.consent);
    document.getElementById("consent-label").textContent = ui.accept;
    document.getElementById("save-interview").textContent = ui.submit;
    definition.pages.forEach((page) => {
      const section = el("section", { class: "page", "data-page": page.name });
      if (page.kind === "question") {
        section.appendChild(questionBlock(page.questions[0], ""));
      } else {
        section.appendChild(el("h2", { text: pick(page.label) }));
        const list = el("div", { class: "instances" });
        const count = Math.max(((saved || {})[page.name] || []).length, 1);
        for (let i = 0; i < count; i++) list.appendChild(repeatInstance(page, i));
        section.appendChild(list);
        const add = el("button", { type: "button", class: "secondary", text: ui.add });
        add.addEventListener("click", () => list.appendChild(repeatInstance(page, list.children.length)));
        section.appendChild(add);
      }
      container.appendChild(section);
    });
    if (saved) restore(saved);
    refresh();
  }

  function readField(q, field) {
    const form = document.getElementById("interview");
    if (q.type === "select_multiple") {
      return Array.from(form.querySelectorAll(`input[name="${CSS.escape(field)}"]:checked`)).map((i) => i.value);
    }
    if (q.type === "select_one") {
      const checked = form.querySelector(`input[name="${CSS.escape(field)}"]:checked`);
      return checked ? checked.value : "";
    }
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    return input ? input.value.trim() : "";
  }
  function writeField(q, field, value) {
    const form = document.getElementById("interview");
    if (q.type === "select_one" || q.type === "select_multiple") {
      const wanted = Array.isArray(value) ? value : [value];
      form.querySelectorAll(`input[name="${CSS.escape(field)}"]`).forEach((i) => { i.checked = wanted.includes(i.value); });
    } else {
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (input) input.value = value == null ? "" : value;
    }
  }
  function typed(q, raw) {
    if (raw === "" || (Array.isArray(raw) && raw.length === 0)) return raw;
    if (q.type === "integer" || q.type === "decimal") { const n = Number(String(raw).replace(",", ".")); return Number.isNaN(n) ? raw : n; }
    return raw;
  }

  function collect() {
    const values = {};
    definition.pages.forEach((page) => {
      if (page.kind === "question") {
        const q = page.questions[0];
        if (q.type !== "note") values[q.name] = typed(q, readField(q, q.name));
      } else {
        const count = document.querySelectorAll(`[data-page="${CSS.escape(page.name)}"] .repeat-instance`).length;
        const rows = [];
        for (let i = 0; i < count; i++) {
          const row = {};
          page.questions.forEach((q) => { if (q.type !== "note") row[q.name] = typed(q, readField(q, page.name + "-" + i + "-" + q.name)); });
          rows.push(row);
        }
        values[page.name] = rows;
      }
    });
    definition.calculates.forEach((c) => {
      try { const v = run(c.calculation, values); values[c.name] = Number.isFinite(v) || typeof v === "string" ? v : ""; } catch (e) { values[c.name] = ""; }
    });
    return values;
  }
  function restore(values) {
    definition.pages.forEach((page) => {
      if (page.kind === "question") {
        const q = page.questions[0];
        if (q.name in values) writeField(q, q.name, values[q.name]);
      } else {
        (values[page.name] || []).forEach((row, i) => page.questions.forEach((q) => writeField(q, page.name + "-" + i + "-" + q.name, row[q.name])));
      }
    });
  }
  function refresh() {
    const values = collect();
    definition.pages.forEach((page) => {
      const section = document.querySelector(`[data-page="${CSS.escape(page.name)}"]`);
      const conditions = page.kind === "repeat" ? page.relevant : page.questions[0].relevant;
      section.hidden = !relevant(conditions, values);
    });
  }

  function emptyValue(v) { return v === "" || v == null || (Array.isArray(v) && v.length === 0); }
  function validate() {
    const values = collect();
    const messages = definition.messages[language] || definition.messages.es;
    let ok = true;
    document.querySelectorAll("#questions .field-error").forEach((p) => { p.hidden = true; p.textContent = ""; });
    document.querySelectorAll("#questions [aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
    const check = (q, field, value, context) => {
      let message = "";
      if (emptyValue(value)) {
        if (q.required) message = pick(q.required_message) || messages.required;
      } else if ((q.type === "integer" && !/^-?\d+$/.test(String(value))) || (q.type === "decimal" && typeof value !== "number")) {
        message = messages[q.type];
      } else if (q.constraint && !toBool(run(q.constraint, Object.assign({}, context, { [q.name]: value }), value))) {
        message = pick(q.constraint_message) || messages.constraint;
      }
      if (message) {
        ok = false;
        const block = document.getElementById("q-" + field);
        const error = block.querySelector(".field-error");
        error.textContent = message;
        error.hidden = false;
        block.querySelectorAll("input, textarea, fieldset").forEach((n) => n.setAttribute("aria-invalid", "true"));
      }
    };
    const clean = {};
    definition.pages.forEach((page) => {
      const conditions = page.kind === "repeat" ? page.relevant : page.questions[0].relevant;
      if (!relevant(conditions, values)) return;
      if (page.kind === "question") {
        const q = page.questions[0];
        if (q.type === "note") return;
        check(q, q.name, values[q.name], values);
        if (!emptyValue(values[q.name])) clean[q.name] = values[q.name];
      } else {
        const rows = [];
        values[page.name].forEach((row, i) => {
          const kept = {};
          page.questions.forEach((q) => {
            if (q.type === "note" || !relevant(q.relevant, Object.assign({}, values, row))) return;
            check(q, page.name + "-" + i + "-" + q.name, row[q.name], Object.assign({}, values, row));
            if (!emptyValue(row[q.name])) kept[q.name] = row[q.name];
          });
          if (Object.keys(kept).length) rows.push(kept);
        });
        if (rows.length) clean[page.name] = rows;
      }
    });
    return ok ? clean : null;
  }

  // --- Sync --------------------------------------------------------------------------
  async function sendOne(item) {
    try {
      const response = await fetch(root.dataset.syncUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ uuid: item.uuid, language: item.language, version: item.version, consent: item.consent, data: item.data }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 201 || response.status === 200) {
        item.status = "sent";
        item.error = "";
        item.sent_at = new Date().toISOString();
      } else {
        item.status = "failed";
        item.error = body.error || String(response.status);
        if (body.errors) item.error += " " + Object.values(body.errors).join(" ");
      }
    } catch (e) {
      item.status = "pending";
      item.error = TEXTS.offline;
    }
    item.attempts = (item.attempts || 0) + 1;
    await putInterview(item);
  }
  // One sync at a time per device: the "online" event, the button and a new interview
  // may all ask at once; they queue behind each other instead of racing.
  let syncQueue = Promise.resolve();
  function syncAll(includeSent) {
    syncQueue = syncQueue.then(() => runSync(includeSent), () => runSync(includeSent));
    return syncQueue;
  }
  async function runSync(includeSent) {
    const items = await allInterviews();
    for (const item of items) {
      if (item.status !== "sent" || includeSent) await sendOne(item);
    }
    await showOutbox();
  }
  async function showOutbox() {
    const items = (await allInterviews()).sort((a, b) => (a.created < b.created ? -1 : 1));
    const list = document.getElementById("sync-list");
    list.textContent = "";
    const count = { sent: 0, pending: 0, failed: 0 };
    items.forEach((item) => {
      count[item.status] = (count[item.status] || 0) + 1;
      const li = el("li", { class: item.status, "data-uuid": item.uuid });
      li.textContent = `${item.uuid.slice(0, 8)} · ${item.created.slice(0, 16).replace("T", " ")} · ${TEXTS[item.status]}${item.error ? " — " + item.error : ""}`;
      list.appendChild(li);
    });
    document.getElementById("sync-summary").textContent = TEXTS.summary
      .replace("{sent}", count.sent).replace("{pending}", count.pending).replace("{failed}", count.failed);
  }

  // --- Start ---------------------------------------------------------------------------
  async function loadDefinition() {
    try {
      const response = await fetch(root.dataset.definitionUrl, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      definition = await response.json();
      await putForm(definition);
    } catch (e) {
      definition = await getForm(FORM_ID);
    }
    return definition;
  }

  async function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(root.dataset.swUrl).catch(() => {});
    }
    const status = document.getElementById("app-status");
    if (!(await loadDefinition())) {
      status.textContent = TEXTS.unavailable;
      return;
    }
    const select = document.getElementById("app-language");
    Object.entries(definition.languages).forEach(([code, name]) => select.appendChild(el("option", { value: code, text: name })));
    select.addEventListener("change", () => {
      const saved = collect();
      language = select.value;
      document.getElementById("offline-app").setAttribute("lang", language);
      render(saved);
    });
    const form = document.getElementById("interview");
    form.hidden = false;
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const consent = document.getElementById("consent");
      const consentError = document.getElementById("consent-error");
      consentError.hidden = consent.checked;
      consentError.textContent = consent.checked ? "" : (definition.ui[language] || definition.ui.es).consent_required;
      const data = validate();
      if (!consent.checked || !data) {
        status.textContent = TEXTS.fix;
        return;
      }
      const item = {
        uuid: crypto.randomUUID(),
        form_id: FORM_ID,
        version: definition.version,
        language: language,
        consent: true,
        data: data,
        status: "pending",
        error: "",
        created: new Date().toISOString(),
      };
      await putInterview(item);
      status.textContent = TEXTS.saved;
      consent.checked = false;
      render(null);
      window.scrollTo(0, 0);
      if (navigator.onLine) await syncAll(false);
      else await showOutbox();
    });
    document.getElementById("sync-now").addEventListener("click", () => syncAll(false));
    window.addEventListener("online", () => syncAll(false));
    render(null);
    await showOutbox();
    status.textContent = TEXTS.ready;
    // For tests and support: resend everything, including what was already sent.
    window.pdeOffline = { syncAll: syncAll, allInterviews: allInterviews };
  }
  start();
})();
