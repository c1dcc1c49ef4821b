// The triage map: every matching report as a coloured point over the city's boundary, tiles only when a tile
// server is configured (CITYBOT_MAP_TILES), and "only this area" to filter the list by what the map shows.
(function () {
  "use strict";
  const COLOURS = { received: "#d55e00", in_progress: "#e69f00", done: "#009e73", declined: "#777777" };
  const LABELS = { received: "受付", in_progress: "対応中", done: "完了", declined: "対応不可" };

  function setUp() {
    const box = document.getElementById("civic-map");
    if (!box || !window.L) return;
    const data = JSON.parse(box.dataset.map);
    const map = L.map(box, { preferCanvas: true, attributionControl: Boolean(data.tiles) });
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, attribution: "地図データ: 設定されたタイルサーバー" }).addTo(map);
    }
    const outline = L.polygon(data.boundary, { color: "#0072b2", weight: 2, fill: !data.tiles, fillOpacity: 0.04 })
      .addTo(map);
    map.fitBounds(outline.getBounds(), { padding: [10, 10] });
    data.points.forEach(([lat, lon, status, label, receipt, id, duplicate]) => {
      const marker = L.circleMarker([lat, lon], {
        radius: duplicate ? 8 : 6, color: duplicate ? "#000000" : COLOURS[status], weight: duplicate ? 3 : 1,
        fillColor: COLOURS[status], fillOpacity: 0.85,
      }).addTo(map);
      const link = document.createElement("a");
      link.href = `${window.location.pathname.replace(/\/$/, "")}/${id}`;
      link.textContent = `${receipt} ${label} (${LABELS[status]})${duplicate ? " ・重複の可能性" : ""}`;
      marker.bindPopup(link);
    });
    const button = document.getElementById("area-button");
    button?.addEventListener("click", () => {
      const b = map.getBounds();
      document.getElementById("area-input").value =
        [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map(n => n.toFixed(6)).join(",");
      document.getElementById("civic-filters").submit();
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
