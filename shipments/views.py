from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView

from shipments.models import Shipment


class ShipmentListView(LoginRequiredMixin, ListView):
    model = Shipment
    paginate_by = 50

    def get_queryset(self):
        return Shipment.objects.for_list()


class ShipmentDetailView(LoginRequiredMixin, DetailView):
    model = Shipment
    slug_field = "reference"
    slug_url_kwarg = "reference"
