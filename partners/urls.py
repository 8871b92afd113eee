from django.urls import path

from exchange.transfer.export_views import PartnerExportView
from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("export/", PartnerExportView.as_view(), name="export"),
    path("lookup/", views.PartnerLookupView.as_view(), name="lookup"),
    path("new/", views.PartnerCreateView.as_view(), name="create"),
    path("<str:code>/", views.PartnerDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.PartnerUpdateView.as_view(), name="edit"),
    path("<str:code>/delete/", views.PartnerDeleteView.as_view(), name="delete"),
]
