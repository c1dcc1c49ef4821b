// Rich-menu pages: show only the rows the chosen layout has; follow a linking run's progress.
"use strict";

(() => {
  const layout = document.getElementById("layout");
  if (layout) {
    const counts = JSON.parse(layout.dataset.areaCounts);
    const show = () => {
      const count = counts[layout.value] || 0;
      document.querySelectorAll("[data-area-row]").forEach(row => {
        const visible = Number(row.dataset.areaRow) < count;
        row.hidden = !visible;
        row.querySelectorAll("input, select").forEach(input => { input.disabled = !visible; });
      });
    };
    layout.addEventListener("change", show);
    show();
  }

  const box = document.getElementById("sync-progress");
  if (box) {
    const bar = box.querySelector("progress");
    const status = document.getElementById("sync-status");
    const poll = async () => {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const p = await response.json();
      bar.max = p.total || 1;
      bar.value = p.total ? p.done : (p.state === "done" ? 1 : 0);
      if (p.state === "running") status.textContent = `切り替え中: ${p.done} / ${p.total} 人`;
      else if (p.state === "done") status.textContent = `完了 (${p.total} 人を切り替えました)`;
      else if (p.state === "failed") status.textContent = `止まっています (1 分以内に自動で再開します): ${p.error}`;
      if (p.state === "running" || p.pending) setTimeout(poll, 1000);
    };
    poll();
  }
})();
