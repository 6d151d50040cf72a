// Khooshe's page script: the only script besides the vendored libraries (no inline scripts:
// the Content-Security-Policy forbids them).
(function () {
  "use strict";

  function startDatePickers() {
    if (window.jalaliDatepicker) {
      window.jalaliDatepicker.startWatch({
        persianDigits: document.documentElement.lang === "fa",
        autoShow: true,
        autoHide: true,
        hideAfterChange: true,
        date: true,
        time: false,
        zIndex: 2000,
      });
    }
  }

  // Buttons that print the page (data-print) and confirm prompts (data-confirm), without inline JS.
  document.addEventListener("click", function (event) {
    var printer = event.target.closest("[data-print]");
    if (printer) {
      event.preventDefault();
      window.print();
      return;
    }
    var confirmer = event.target.closest("[data-confirm]");
    if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Auto-submit selects inside filter forms (data-autosubmit) for pages without htmx.
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (form && form.hasAttribute("data-autosubmit") && !form.hasAttribute("hx-get")) {
      form.requestSubmit();
    }
  });

  // Progress bars take their width from data-progress (style attributes are refused by CSP).
  function paintProgress(root) {
    (root || document).querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.setProperty("--kh-progress", bar.getAttribute("data-progress") + "%");
    });
  }

  // Tables scroll inside their own box on a narrow screen (the page itself never scrolls
  // sideways); the box can take the keyboard's focus so it can be scrolled without a mouse.
  function boxTables(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      var box = table.parentElement;
      if (!box.classList.contains("table-responsive")) {
        box = document.createElement("div");
        box.className = "table-responsive";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      if (!box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startDatePickers();
    paintProgress(document);
    boxTables(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    paintProgress(event.target);
    boxTables(event.target.closest("main") ? event.target : null);
  });
})();
