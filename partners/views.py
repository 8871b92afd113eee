from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView

from partners.models import Partner


class PartnerListView(LoginRequiredMixin, ListView):
    model = Partner
    paginate_by = 50


class PartnerDetailView(LoginRequiredMixin, DetailView):
    model = Partner
    slug_field = "code"
    slug_url_kwarg = "code"
