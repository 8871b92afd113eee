// Partner fields as ARIA comboboxes (the WAI-ARIA Authoring Practices' "list
// autocomplete"): typing lists the partners the server finds (partners:lookup); Up and
// Down move through them, Enter chooses, Escape closes the list. Without this file
// the input is a plain text field whose code or name the server resolves. The words
// it shows come from the page (data-msg-* attributes): it has none of its own.
(function () {
  "use strict";

  var DELAY = 150;

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) {
      return;
    }
    var url = input.getAttribute("data-autocomplete");
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.parentNode.appendChild(status);
    var timer = null;
    var asked = 0;
    var active = -1;
    var results = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      input.value = results[index].value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function option(result, index) {
      var item = document.createElement("li");
      item.id = list.id + "-" + index;
      item.className = "autocomplete__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var code = document.createElement("span");
      code.className = "autocomplete__code";
      code.textContent = result.code;
      var name = document.createElement("span");
      name.className = "autocomplete__name";
      name.textContent = result.name;
      var place = document.createElement("span");
      place.className = "autocomplete__place";
      place.textContent = result.place;
      item.appendChild(code);
      item.appendChild(name);
      item.appendChild(place);
      // mousedown, not click: the input keeps the focus (its blur closes the list).
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(index);
      });
      return item;
    }

    function show(found) {
      results = found;
      list.textContent = "";
      found.forEach(function (result, index) {
        list.appendChild(option(result, index));
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = (input.getAttribute("data-msg-count") || "").replace("%(n)s", found.length);
      } else {
        close();
        status.textContent = input.value.trim() ? input.getAttribute("data-msg-none") || "" : "";
      }
    }

    function lookup() {
      var text = input.value.trim();
      var mine = ++asked;
      if (!text) {
        show([]);
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === asked && document.activeElement === input) {
            show(data.results || []);
          }
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          lookup();
          return;
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + results.length + (active < 0 && step < 0 ? 1 : 0)) % results.length);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(setup);
})();
