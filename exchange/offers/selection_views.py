"""Placeholder: the pages of this module are being built (issue 21)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class SelectionActionView(_NotYet):
    pass


class SelectionCreateView(_NotYet):
    pass


class SelectionDetailView(_NotYet):
    pass


class SelectionListView(_NotYet):
    pass


class WithdrawLineView(_NotYet):
    pass
