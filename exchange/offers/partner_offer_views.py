"""Placeholder: the pages of this module are being built (issue 21)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class PartnerOfferDetailView(_NotYet):
    pass


class PartnerOfferLetterView(_NotYet):
    pass


class PartnerOfferListView(_NotYet):
    pass


class PartnerOfferRequestView(_NotYet):
    pass


class PartnerOfferUploadView(_NotYet):
    pass
