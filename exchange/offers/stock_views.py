"""Placeholder: the pages of this module are being built (issue 21)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class StockCreateView(_NotYet):
    pass


class StockExportView(_NotYet):
    pass


class StockImportView(_NotYet):
    pass


class StockListView(_NotYet):
    pass


class StockUpdateView(_NotYet):
    pass
