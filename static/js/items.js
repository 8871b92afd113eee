// Item entry on the shipment form: the ISBN checked as you leave the field (check digit
// here at once, then the server's word with the hyphenated form), and live totals.
(function () {
  "use strict";

  var root = document.querySelector("[data-items]");
  if (!root) {
    return;
  }
  var lang = document.documentElement.lang || undefined;
  var whole = new Intl.NumberFormat(lang);
  var money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  // ---- ISBN ----

  function compact(value) {
    return value.replace(/[\s-]/g, "").toUpperCase();
  }

  // The reason an ISBN is wrong (a message key), or "" when its check digit is right.
  function isbnProblem(value) {
    var digits = compact(value);
    if (/^\d{9}[\dX]$/.test(digits)) {
      var sum10 = 0;
      for (var i = 0; i < 10; i++) {
        var d = digits[i] === "X" ? 10 : parseInt(digits[i], 10);
        sum10 += d * (10 - i);
      }
      return sum10 % 11 === 0 ? "" : "checksum";
    }
    if (/^\d{13}$/.test(digits)) {
      if (!/^97[89]/.test(digits)) {
        return "prefix";
      }
      var sum13 = 0;
      for (var j = 0; j < 13; j++) {
        sum13 += parseInt(digits[j], 10) * (j % 2 === 0 ? 1 : 3);
      }
      return sum13 % 10 === 0 ? "" : "checksum";
    }
    return "length";
  }

  function messageFor(input) {
    var field = input.closest(".field");
    var message = field.querySelector("[data-isbn-message]");
    if (!message) {
      message = document.createElement("p");
      message.setAttribute("data-isbn-message", "");
      message.id = input.id + "_check";
      message.setAttribute("aria-live", "polite");
      field.appendChild(message);
      input.setAttribute("aria-describedby", message.id);
    }
    return message;
  }

  function show(input, ok, text) {
    var message = messageFor(input);
    message.className = ok ? "hint-ok" : "error";
    message.textContent = text;
    input.classList.toggle("is-invalid", !ok);
    input.setAttribute("aria-invalid", ok ? "false" : "true");
  }

  function clear(input) {
    var message = input.closest(".field").querySelector("[data-isbn-message]");
    if (message) {
      message.textContent = "";
    }
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
  }

  function checkIsbn(input) {
    var value = input.value.trim();
    if (!value) {
      clear(input);
      return;
    }
    var problem = isbnProblem(value);
    if (problem) {
      show(input, false, root.dataset["msgIsbn" + problem.charAt(0).toUpperCase() + problem.slice(1)]);
    }
    var url = root.dataset.isbnUrl + "?isbn=" + encodeURIComponent(value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer || input.value.trim() !== value) {
          return;
        }
        if (answer.valid) {
          show(input, true, "✓ " + answer.formatted);
        } else {
          show(input, false, answer.message);
        }
      })
      .catch(function () {
        // Offline or signed out: the local check stands; the server checks on saving.
      });
  }

  root.addEventListener("focusout", function (event) {
    if (event.target.matches("[data-isbn]")) {
      checkIsbn(event.target);
    }
  });

  // A barcode scanner ends with Enter: check the ISBN and go on to the title
  // instead of submitting a half-filled form.
  root.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-isbn]")) {
      return;
    }
    event.preventDefault();
    var title = event.target.closest("[data-formset-form]").querySelector("[data-title]");
    if (title) {
      title.focus();
    }
  });

  // ---- Totals ----

  function number(input) {
    var value = input ? parseFloat(input.value) : NaN;
    return isNaN(value) || value < 0 ? 0 : value;
  }

  function recalc() {
    var titles = 0;
    var items = 0;
    var pages = 0;
    var values = {};
    root.querySelectorAll("[data-formset-form]").forEach(function (form) {
      if (form.classList.contains("is-deleted")) {
        return;
      }
      var title = form.querySelector("[data-title]");
      var quantity = Math.floor(number(form.querySelector("[data-quantity]")));
      var cents = Math.round(number(form.querySelector("[data-unit-value]")) * 100);
      var currency = (form.querySelector("[data-currency]").value || "").trim().toUpperCase();
      if (title && title.value.trim()) {
        titles += 1;
        items += quantity;
        pages += Math.floor(number(form.querySelector("[data-pages]"))) * quantity;
        if (cents && currency) {
          values[currency] = (values[currency] || 0) + cents * quantity;
        }
      }
    });
    set("titles", whole.format(titles));
    set("items", whole.format(items));
    set("pages", whole.format(pages));
    var parts = Object.keys(values)
      .sort()
      .map(function (code) {
        return money.format(values[code] / 100) + " " + code;
      });
    set("value", parts.length ? parts.join(" · ") : "—");
  }

  function set(name, text) {
    var target = document.querySelector('[data-total="' + name + '"]');
    if (target) {
      target.textContent = text;
    }
  }

  root.addEventListener("input", recalc);
  root.addEventListener("change", recalc);
  root.addEventListener("formset:changed", recalc);
  recalc();
})();
