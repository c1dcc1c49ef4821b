// The compose page: message slots that show the fields of their template, the segment builder with its live
// audience count, the schedule choices, and the LINE preview built by the server from what is typed.
"use strict";

(function () {
  const form = document.getElementById("compose");
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function debounce(action, wait) {
    let timer;
    return () => { clearTimeout(timer); timer = setTimeout(action, wait); };
  }

  function getJson(url, options) {
    const headers = Object.assign({ Accept: "application/json" }, (options || {}).headers);
    return fetch(url, Object.assign({ credentials: "same-origin" }, options, { headers })).then((response) => {
      if (response.status === 401) throw new Error("ログインが切れました。別のタブでログインしてから続けてください (入力は残っています)。");
      if (!response.ok) throw new Error("サーバーから答えがありません (" + response.status + ")。");
      return response.json();
    });
  }

  // --- Message slots: only the chosen template's fields; filled slots plus one empty slot are shown.
  function updateSlots(details) {
    let shownEmpty = false;
    details.querySelectorAll(".slot").forEach((slot) => {
      const kind = slot.querySelector('[data-role="template"]').value;
      slot.querySelectorAll(".slot__field").forEach((field) => {
        field.hidden = !kind || !field.dataset.templates.split(" ").includes(kind);
      });
      slot.hidden = !kind && shownEmpty;
      if (!kind) shownEmpty = true;
    });
  }
  form.querySelectorAll("details.language").forEach((details) => {
    updateSlots(details);
    details.addEventListener("change", (event) => {
      if (event.target.matches('[data-role="template"]')) updateSlots(details);
    });
  });

  // --- Schedule: show the inputs of the chosen kind.
  function updateSchedule() {
    const checked = form.querySelector('input[name="schedule_kind"]:checked');
    const kind = checked ? checked.value : "now";
    form.querySelectorAll(".schedule-part").forEach((part) => {
      part.hidden = !part.dataset.kind.split(" ").includes(kind);
    });
  }
  form.addEventListener("change", (event) => {
    if (event.target.name === "schedule_kind") updateSchedule();
  });
  updateSchedule();

  // --- Segment builder: checkboxes write the expression; the server counts and describes it.
  const segment = document.getElementById("segment");
  const builder = document.getElementById("segment-builder");
  const audience = document.getElementById("audience");

  function group(attribute, values, joiner) {
    const terms = values.map((value) => attribute + ":" + value);
    return terms.length === 1 ? terms[0] : "(" + terms.join(" " + joiner + " ") + ")";
  }

  function expressionFromBuilder() {
    const parts = [];
    builder.querySelectorAll(".builder__group").forEach((fieldset) => {
      const attribute = fieldset.dataset.attribute;
      const picked = (role) => Array.from(fieldset.querySelectorAll('[data-role="' + role + '"]:checked'))
        .map((box) => box.value);
      const mode = fieldset.querySelector('[data-role="mode"]');
      const included = picked("include");
      const excluded = picked("exclude");
      if (included.length) parts.push(group(attribute, included, mode ? mode.value : "OR"));
      if (excluded.length) parts.push("NOT " + group(attribute, excluded, "OR"));
    });
    return parts.length ? parts.join(" AND ") : "all";
  }

  function showAudience(answer) {
    audience.replaceChildren();
    const line = document.createElement("p");
    if (answer.ok) {
      const count = document.createElement("strong");
      count.dataset.role = "count";
      count.textContent = answer.count;
      const description = document.createElement("span");
      description.dataset.role = "description";
      description.textContent = " " + answer.description;
      line.append(count, description);
      segment.removeAttribute("aria-invalid");
    } else {
      line.className = "error";
      line.dataset.role = "error";
      line.textContent = (answer.position >= 0 ? answer.position + 1 + "文字目: " : "") + answer.error;
      segment.setAttribute("aria-invalid", "true");
    }
    audience.appendChild(line);
  }

  const refreshAudience = debounce(() => {
    const url = form.dataset.audienceUrl + "?expr=" + encodeURIComponent(segment.value);
    getJson(url).then(showAudience).catch((error) => showAudience({ ok: false, position: -1, error: error.message }));
  }, 300);

  builder.hidden = false;
  builder.addEventListener("change", () => {
    segment.value = expressionFromBuilder();
    refreshAudience();
  });
  segment.addEventListener("input", () => {
    builder.querySelectorAll('input[type="checkbox"]').forEach((box) => { box.checked = false; });
    refreshAudience();
  });

  // --- Preview: the server builds the LINE messages from the form with the broadcast package's templates.
  const phone = document.getElementById("phone");
  const problems = document.getElementById("preview-problems");
  const language = document.getElementById("preview-language");
  let variants = {};

  function showProblems(answer) {
    problems.replaceChildren();
    const items = Object.values(answer.errors || {}).concat(answer.problems || []);
    if (!items.length) return;
    const title = document.createElement("p");
    title.className = "error";
    title.textContent = "承認を依頼する前に直す点";
    const list = document.createElement("ul");
    items.forEach((item) => {
      const entry = document.createElement("li");
      entry.textContent = item;
      list.appendChild(entry);
    });
    problems.append(title, list);
  }

  const refreshPreview = debounce(() => {
    getJson(form.dataset.previewUrl, { method: "POST", body: new FormData(form), headers: { "X-CSRFToken": csrf } })
      .then((answer) => {
        variants = answer.variants || {};
        window.CitybotPreview.renderVariant(phone, variants, language.value);
        showProblems(answer);
      })
      .catch((error) => showProblems({ problems: [error.message] }));
  }, 400);

  form.addEventListener("input", (event) => { if (event.target !== segment) refreshPreview(); });
  form.addEventListener("change", (event) => { if (!builder.contains(event.target)) refreshPreview(); });
  language.addEventListener("change", () => window.CitybotPreview.renderVariant(phone, variants, language.value));
  refreshPreview();

  // --- The month's remaining LINE quota (asked once: it is a call to LINE).
  const quota = document.getElementById("quota");
  getJson(form.dataset.quotaUrl)
    .then((answer) => { quota.textContent = answer.error || "今月の残りメッセージ数: " + answer.remaining + " (1人に1通として数えます)"; })
    .catch(() => { quota.textContent = ""; });

  // --- After a refused save, take keyboard users to the list of what to fix.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
