// Inline formsets that grow without reloading the page.
//
// Markup (templates/includes/formset.html): a [data-formset] element with data-prefix,
// the management form, a [data-formset-forms] container of [data-formset-form] elements,
// a <template data-formset-template> holding the empty form (with __prefix__), and a
// [data-formset-add] button. Saved forms are removed by ticking their DELETE box (so it
// can be undone); forms never saved are simply taken out (Django skips the gap).
(function () {
  "use strict";

  function field(formset, name) {
    return formset.querySelector('input[name="' + formset.dataset.prefix + "-" + name + '"]');
  }

  function isSaved(form) {
    var id = form.querySelector('input[type="hidden"][name$="-id"]');
    return Boolean(id && id.value);
  }

  function changed(formset) {
    formset.dispatchEvent(new CustomEvent("formset:changed", { bubbles: true }));
  }

  function addForm(formset) {
    var total = field(formset, "TOTAL_FORMS");
    var max = field(formset, "MAX_NUM_FORMS");
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) {
      return null;
    }
    var template = formset.querySelector("template[data-formset-template]");
    var container = formset.querySelector("[data-formset-forms]");
    container.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var form = container.lastElementChild;
    prepare(formset, form);
    formset.dispatchEvent(new CustomEvent("formset:added", { bubbles: true, detail: { form: form } }));
    changed(formset);
    var first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
    return form;
  }

  function toggleRemove(formset, form, button) {
    if (!isSaved(form)) {
      var next = form.nextElementSibling || form.previousElementSibling;
      form.remove();
      changed(formset);
      var target = next && next.querySelector("input:not([type=hidden])");
      (target || formset.querySelector("[data-formset-add]")).focus();
      return;
    }
    var box = form.querySelector('input[type="checkbox"][name$="-DELETE"]');
    box.checked = !box.checked;
    form.classList.toggle("is-deleted", box.checked);
    button.textContent = box.checked ? formset.dataset.undoLabel : formset.dataset.removeLabel;
    changed(formset);
  }

  function prepare(formset, form) {
    var button = form.querySelector("[data-formset-remove]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        toggleRemove(formset, form, button);
      });
    }
  }

  function setUp(formset) {
    formset.querySelectorAll("[data-formset-form]").forEach(function (form) {
      prepare(formset, form);
    });
    var add = formset.querySelector("[data-formset-add]");
    if (add) {
      add.hidden = false;
      add.addEventListener("click", function () {
        addForm(formset);
      });
    }
  }

  // A field's error from the server describes the value that was sent: once the value
  // is changed, the message no longer applies (a corrected ISBN would show the old
  // error beside its new ✓), so it goes, and the field is no longer marked invalid.
  function valueOf(input) {
    return input.type === "checkbox" || input.type === "radio" ? String(input.checked) : input.value;
  }

  function controls(field) {
    return field.querySelectorAll("input:not([type=hidden]), select, textarea");
  }

  document.querySelectorAll(".field--error").forEach(function (field) {
    controls(field).forEach(function (input) {
      input.dataset.sentValue = valueOf(input);
    });
  });

  function dropStaleError(event) {
    var input = event.target;
    var field = input.closest && input.closest(".field--error");
    if (!field || !("sentValue" in input.dataset) || valueOf(input) === input.dataset.sentValue) {
      return;
    }
    var gone = [];
    field.querySelectorAll('.error[id$="_error"]').forEach(function (message) {
      gone.push(message.id);
      message.remove();
    });
    field.classList.remove("field--error");
    controls(field).forEach(function (control) {
      control.removeAttribute("aria-invalid");
      delete control.dataset.sentValue;
      var described = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && gone.indexOf(id) === -1;
      });
      if (described.length) {
        control.setAttribute("aria-describedby", described.join(" "));
      } else {
        control.removeAttribute("aria-describedby");
      }
    });
  }

  document.addEventListener("input", dropStaleError);
  document.addEventListener("change", dropStaleError);

  document.querySelectorAll("[data-formset]").forEach(setUp);
  window.Formset = { add: addForm };
})();
