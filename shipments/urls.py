from django.urls import path

from exchange import import_views
from shipments import views

app_name = "shipments"

urlpatterns = [
    path("", views.ShipmentListView.as_view(), name="list"),
    path("export/", import_views.ShipmentExportView.as_view(), name="export"),
    path("<str:reference>/", views.ShipmentDetailView.as_view(), name="detail"),
]
