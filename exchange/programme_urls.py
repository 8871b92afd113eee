"""The programme app's pages: reports, agreements, obligations, claims."""

from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("reports/", views.ReportsIndexView.as_view(), name="reports"),
]
