"""The bulk action page, under programme/bulk/ in the `exchange` namespace."""

from django.urls import path

from exchange.bulk import views

urlpatterns = [path("", views.BulkActionView.as_view(), name="bulk")]
