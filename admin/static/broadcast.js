// One broadcast's page: draw its stored messages in the phone preview, and follow delivery while it is sending.
"use strict";

(function () {
  const phone = document.getElementById("phone");
  const language = document.getElementById("preview-language");
  if (phone && language) {
    const variants = JSON.parse(phone.dataset.variants || "{}");
    const draw = () => window.CitybotPreview.renderVariant(phone, variants, language.value);
    language.addEventListener("change", draw);
    draw();
  }

  const status = document.getElementById("delivery-status");
  if (!status || status.dataset.live !== "yes") return;
  const progress = document.getElementById("delivery-progress");
  const number = (value) => Number(value).toLocaleString("ja-JP") + "人";

  function update(answer) {
    const run = answer.latest_run || {};
    ["recipients", "delivered", "undelivered", "skipped_cap", "blocks"].forEach((name) => {
      const field = status.querySelector('[data-field="' + name + '"]');
      if (field && run[name] !== undefined) field.textContent = number(run[name]);
    });
    progress.max = Math.max(run.recipients || 0, 1);
    progress.value = run.delivered || 0;
    if (answer.state !== "sending") window.location.reload();
  }

  const request = { headers: { Accept: "application/json" }, credentials: "same-origin" };
  const poll = () => fetch(status.dataset.statusUrl, request)
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then(update)
    .catch(() => undefined);
  setInterval(poll, 2000);
})();
