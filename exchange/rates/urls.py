"""The exchange rates' pages, in the `rates` namespace."""

from django.urls import path

from exchange.rates import views

app_name = "rates"
urlpatterns = [
    path("", views.RateListView.as_view(), name="list"),
    path("new/", views.RateCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.RateUpdateView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.RateDeleteView.as_view(), name="delete"),
    path("<str:currency>/", views.CurrencyRatesView.as_view(), name="currency"),
]
