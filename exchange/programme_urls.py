"""The programme app's pages: reports, agreements, obligations."""

from django.urls import path  # noqa: F401

app_name = "exchange"

urlpatterns = []
