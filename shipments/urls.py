from django.urls import path

from shipments import views

app_name = "shipments"

urlpatterns = [
    path("", views.ShipmentListView.as_view(), name="list"),
    path("<str:reference>/", views.ShipmentDetailView.as_view(), name="detail"),
]
