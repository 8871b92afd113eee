"""What a browser would submit: the fields of a page's form, read from its HTML."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._template_depth = 0
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return  # a formset's empty form, copied by JavaScript: not submitted
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file") or (
                kind in ("checkbox", "radio") and "checked" not in attrs
            ):
                return
            self._form[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select, self._first_option = attrs["name"], None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self._form.setdefault(self._select, value)
            if "selected" in attrs:
                self._form[self._select] = value
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            # Django writes a newline after <textarea>, which browsers drop.
            self._form[self._textarea] += data.removeprefix("\n")


def form_data(html: str, containing: str = "csrfmiddlewaretoken") -> dict[str, str]:
    """The fields of the last POST form on the page that has a field `containing`."""
    parser = _FormParser()
    parser.feed(html)
    forms = [form for form in parser.forms if containing in form]
    assert forms, f"no form with a field {containing!r}"
    return dict(forms[-1])
