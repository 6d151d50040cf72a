// Searchable selects (Tom Select, served from our own static files; no inline script).
// Every multiple select, and every select marked data-searchable, becomes a box one can type
// into: Persian or English, any digits. A click on an option adds it; it never clears the
// options chosen before (a native multiple select does, unless Ctrl is held). The original
// <select> stays in the form and is what is submitted, so the page works without JavaScript.
(function () {
  "use strict";

  var fa = document.documentElement.lang !== "en";
  var words = fa
    ? { none: "موردی یافت نشد", remove: "حذف", placeholder: "جستجو یا انتخاب…" }
    : { none: "No matches", remove: "Remove", placeholder: "Search or choose…" };

  // Persian and Arabic letters and digits fold to one form, so «كرمان» finds «کرمان» and
  // «۱۴» finds «14».
  var FOLD = { "ك": "ک", "ي": "ی", "ى": "ی", "ە": "ه", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا" };
  function fold(text) {
    return String(text || "")
      .replace(/[\u200c\u200f\u064b-\u065f]/g, "")
      .replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/[كيىەۀةأإآ]/g, function (c) { return FOLD[c]; })
      .toLowerCase();
  }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function enhance(select) {
    if (select.tomselect || select.hasAttribute("data-native") || !window.TomSelect) {
      return;
    }
    var multiple = select.multiple;
    var settings = {
      plugins: multiple ? { remove_button: { title: words.remove } } : {},
      maxOptions: null,
      allowEmptyOption: !multiple,
      hideSelected: multiple,
      closeAfterSelect: !multiple,
      placeholder: select.getAttribute("data-placeholder") || words.placeholder,
      score: function (search) {
        var query = fold(search).trim();
        return function (item) {
          if (!query) {
            return 1;
          }
          return fold(item.text).indexOf(query) >= 0 ? 1 : 0;
        };
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + escape(words.none) + "</div>";
        },
      },
    };
    // Tom Select points the field's <label> at its own search box; the original select,
    // kept (hidden) for the form, keeps the label's name for assistive technology.
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var name = label ? label.textContent.replace("*", "").trim() : "";
    new window.TomSelect(select, settings);
    if (name && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", name);
    }
    // The wrapper follows the page's direction (RTL on Persian pages).
    if (select.tomselect && select.tomselect.wrapper) {
      select.tomselect.wrapper.setAttribute("dir", document.documentElement.dir || "rtl");
    }
  }

  function start(root) {
    (root || document)
      .querySelectorAll("select[multiple], select[data-searchable]")
      .forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    start(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    start(event.target);
  });
})();
