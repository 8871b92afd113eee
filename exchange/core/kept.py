"""HTML rendered once and kept by the process: parts of pages that are the same for
every user of a role and language (the navigation, the lists' and reports' filter
forms), whose hundreds of options Django renders a template each.

Kept in the process, not the shared cache, so that a new release's HTML is never one an
older one rendered; bounded, least recently used dropped first.
"""

import threading
from collections import OrderedDict

from django.template.loader import render_to_string


class KeptHtml:
    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict = OrderedDict()
        # The development server answers in threads: one at a time reorders the HTML kept.
        self._lock = threading.Lock()

    def render(self, key, template_name: str, context: dict) -> str:
        """`template_name` rendered with `context`, once per `key` (which must hold all
        that the HTML depends on)."""
        with self._lock:
            html = self._kept.get(key)
            if html is not None:
                self._kept.move_to_end(key)
                return html
        html = render_to_string(template_name, context)
        with self._lock:
            self._kept[key] = html
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return html

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
