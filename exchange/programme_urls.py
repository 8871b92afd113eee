"""The programme app's pages: reports, agreements, obligations, claims."""

from django.urls import include, path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("", include("exchange.import_urls")),
    path("reports/", views.ReportsIndexView.as_view(), name="reports"),
]
