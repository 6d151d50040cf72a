/* Indicator charts (Chart.js 4): every <canvas data-chart="ID"> is drawn from the JSON of the
   <script id="ID" type="application/json"> block beside it (no inline script: strict CSP).
   Right to left, Vazirmatn, Persian digits on the axes (periods come as Persian labels). */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var rtl = document.documentElement.dir === "rtl";
  var locale = rtl ? "fa-IR" : "en-US";
  var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  Chart.defaults.font.family = "Vazirmatn";
  Chart.defaults.animation = false;
  var MAIN = "#0d6efd", AVERAGE = "#6c757d", OTHER = "#9ec5fe";

  function format(value) { return value === null || value === undefined ? "—" : numbers.format(value); }

  function common(data, withLegend) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      locale: locale,
      plugins: {
        legend: { display: withLegend, rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
        tooltip: {
          rtl: rtl,
          textDirection: rtl ? "rtl" : "ltr",
          callbacks: {
            label: function (item) { return item.dataset.label + ": " + format(item.parsed.y); }
          }
        }
      },
      scales: {
        x: { reverse: rtl, ticks: { autoSkip: true } },
        y: { position: rtl ? "right" : "left", beginAtZero: true, ticks: { callback: format } }
      }
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var config;
    if (data.kind === "bar") {
      var average = data.labels.map(function () { return data.average; });
      config = {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { type: "bar", label: data.name, data: data.series, order: 2,
              backgroundColor: data.highlight.map(function (h) { return h ? MAIN : OTHER; }) },
            { type: "line", label: data.averageName, data: average, order: 1, borderColor: AVERAGE,
              borderDash: [6, 4], pointRadius: 0, fill: false }
          ]
        },
        options: common(data, true)
      };
      config.options.scales.x.ticks = { autoSkip: false, maxRotation: 90, minRotation: 60 };
    } else {
      var spark = data.kind === "spark";
      config = {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.name, data: data.series, borderColor: MAIN, backgroundColor: MAIN,
              tension: 0.2, spanGaps: false, pointRadius: spark ? 0 : 3 },
            { label: data.averageName, data: data.average, borderColor: AVERAGE,
              borderDash: [6, 4], pointRadius: 0, fill: false }
          ]
        },
        options: common(data, !spark)
      };
      if (spark) {
        config.options.scales.x.display = false;
        config.options.scales.y.display = false;
        config.options.scales.y.beginAtZero = false;
      }
    }
    new Chart(canvas, config);
  }

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    var switcher = document.querySelector("[data-dashboard-switch]");
    if (switcher) {
      switcher.addEventListener("change", function () {
        window.location.href = switcher.dataset.dashboardSwitch.replace("CODE", switcher.value);
      });
    }
  }

  // Redraw at the printed size (Chart.js listens for resizes; printing is one).
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances || {}).forEach(function (chart) { chart.resize(); });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
