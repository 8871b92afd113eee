// Item entry on the shipment form: the ISBN checked as you type it or leave the field
// (check digit here at once, then the server's word with the hyphenated form); a known
// ISBN or ISSN fills the row's empty fields from our earlier items and says whether the
// title already went to the partner; the obligations offered follow the partner; live
// totals.
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
          lookUp(input.closest("[data-formset-form]"));
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
    } else if (event.target.matches("[data-issn]")) {
      lookUp(event.target.closest("[data-formset-form]"));
    }
  });

  // A complete ISBN with a right check digit is looked up as soon as it is typed.
  var typing = null;
  root.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches("[data-formset-form] input, [data-formset-form] select")) {
      input.dataset.typed = "true";
    }
    if (input.matches("[data-isbn], [data-issn]")) {
      forget(input.closest("[data-formset-form]"));
    }
    if (!input.matches("[data-isbn]")) {
      return;
    }
    window.clearTimeout(typing);
    var digits = compact(input.value);
    if ((digits.length === 10 || digits.length === 13) && !isbnProblem(digits)) {
      typing = window.setTimeout(function () {
        checkIsbn(input);
      }, 250);
    }
  });

  // ---- What we know of the ISBN or ISSN: the description, and where it went ----

  // Another ISBN or ISSN: what was said of the old one no longer applies.
  function forget(row) {
    var box = row && row.querySelector("[data-sent-before]");
    var note = row && row.querySelector("[data-known-source]");
    if (box) {
      box.textContent = "";
    }
    if (note) {
      note.hidden = true;
    }
    if (row) {
      delete row.dataset.lookedUp;
    }
  }

  function fieldOf(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }

  function ask(url, params) {
    var query = Object.keys(params)
      .filter(function (key) {
        return params[key];
      })
      .map(function (key) {
        return key + "=" + encodeURIComponent(params[key]);
      })
      .join("&");
    return fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(
      function (response) {
        return response.ok ? response.json() : null;
      }
    );
  }

  // The row's ISBN and ISSN where they look right ("" where not).
  function identifiers(row) {
    var isbn = compact(fieldOf(row, "isbn").value);
    var issn = compact(fieldOf(row, "issn").value);
    return {
      isbn: isbn && !isbnProblem(isbn) ? isbn : "",
      issn: /^\d{7}[\dX]$/.test(issn) ? issn : "",
    };
  }

  function lookUp(row) {
    if (!row) {
      return;
    }
    var found = identifiers(row);
    var isbn = found.isbn;
    var issn = found.issn;
    var key = isbn + "/" + issn;
    if (!isbn && !issn) {
      return;
    }
    if (row.dataset.lookedUp !== key) {
      row.dataset.lookedUp = key;
      ask(root.dataset.knownUrl, { isbn: isbn, issn: issn })
        .then(function (answer) {
          if (answer && answer.found && row.dataset.lookedUp === key) {
            fill(row, answer.item);
          }
        })
        .catch(function () {});
    }
    showSentBefore(row, isbn, issn);
  }

  // Only the fields still empty (or a choice left as it came): never what was typed.
  function fill(row, item) {
    var filled = false;
    Object.keys(item).forEach(function (name) {
      var input = fieldOf(row, name);
      var value = item[name];
      if (!input || value === null || value === "" || value === 0 || input.dataset.typed) {
        return;
      }
      var untouched = input.tagName === "SELECT" ? input.value === input.dataset.initial : !input.value.trim();
      if (untouched) {
        input.value = String(value);
        filled = true;
      }
    });
    var note = row.querySelector("[data-known-source]");
    if (filled && note) {
      note.textContent = root.dataset.msgKnownSource.replace("{1}", item.source);
      note.hidden = false;
    }
    if (filled) {
      recalc();
    }
  }

  function showSentBefore(row, isbn, issn) {
    var box = row.querySelector("[data-sent-before]");
    var partner = document.querySelector('[data-shipment-form] [name="partner"]');
    if (!box || !root.dataset.sentUrl || !partner || !partner.value.trim()) {
      return;
    }
    var params = { partner: partner.value.trim(), isbn: isbn, issn: issn, shipment: root.dataset.shipment };
    ask(root.dataset.sentUrl, params)
      .then(function (answer) {
        if (!answer) {
          return;
        }
        box.textContent = "";
        answer.shipments.forEach(function (shipment) {
          var line = document.createElement("p");
          line.className = "warning";
          line.textContent =
            root.dataset.msgSentBefore.replace("{1}", shipment.date).replace("{2}", shipment.status) + " ";
          var link = document.createElement("a");
          link.href = shipment.url;
          link.textContent = shipment.reference;
          line.appendChild(link);
          box.appendChild(line);
        });
      })
      .catch(function () {});
  }

  root.querySelectorAll("[data-formset-form] select").forEach(function (select) {
    select.dataset.initial = select.value;
  });
  root.addEventListener("formset:added", function (event) {
    event.detail.form.querySelectorAll("select").forEach(function (select) {
      select.dataset.initial = select.value;
    });
  });

  // ---- The obligations offered follow the partner ----

  var shipmentForm = document.querySelector("[data-shipment-form]");
  var partnerInput = shipmentForm && shipmentForm.querySelector('[name="partner"]');
  var obligation = shipmentForm && shipmentForm.querySelector('select[name="obligation"]');
  if (partnerInput && obligation && shipmentForm.dataset.obligationsUrl) {
    partnerInput.addEventListener("change", function () {
      var code = partnerInput.value.trim();
      if (!code) {
        return;
      }
      var url = shipmentForm.dataset.obligationsUrl;
      ask(url, { partner: code, direction: shipmentForm.dataset.direction })
        .then(function (answer) {
          if (!answer || partnerInput.value.trim() !== code) {
            return;
          }
          var chosen = obligation.value;
          var none = obligation.querySelector('option[value=""]');
          obligation.textContent = "";
          if (none) {
            obligation.appendChild(none);
          }
          answer.obligations.forEach(function (item) {
            var option = document.createElement("option");
            option.value = String(item.id);
            option.textContent = item.label;
            option.selected = option.value === chosen;
            obligation.appendChild(option);
          });
        })
        .catch(function () {});
      // The rows already typed: whether their titles went to this partner.
      root.querySelectorAll("[data-formset-form]").forEach(function (row) {
        var found = identifiers(row);
        if (found.isbn || found.issn) {
          showSentBefore(row, found.isbn, found.issn);
        }
      });
    });
  }

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
