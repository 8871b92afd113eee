"""Placeholder: the pages of this module are being built (issue 21)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class WantCreateView(_NotYet):
    pass


class WantExportView(_NotYet):
    pass


class WantImportView(_NotYet):
    pass


class WantListView(_NotYet):
    pass


class WantUpdateView(_NotYet):
    pass


class WantsOnOfferView(_NotYet):
    pass
