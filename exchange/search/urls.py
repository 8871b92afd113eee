"""The search page, under search/."""

from django.urls import path

from exchange.search import views

app_name = "search"

urlpatterns = [path("", views.SearchView.as_view(), name="results")]
