"""Placeholder: the pages of this module are being built (issue 21)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class OfferListCreateView(_NotYet):
    pass


class OfferListDetailView(_NotYet):
    pass


class OfferListExportView(_NotYet):
    pass


class OfferListListView(_NotYet):
    pass


class OfferListPrintView(_NotYet):
    pass


class OfferListStepView(_NotYet):
    pass


class OfferListTitlesView(_NotYet):
    pass


class OfferListUpdateView(_NotYet):
    pass


class OffersHomeView(_NotYet):
    pass
