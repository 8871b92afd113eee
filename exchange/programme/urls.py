"""Agreements and obligations, under programme/ in the `exchange` namespace."""

from django.urls import path, re_path

from exchange.programme import views

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement_edit"),
    path(
        "agreements/<int:pk>/obligations/new/",
        views.ObligationCreateView.as_view(),
        name="obligation_create",
    ),
    path("obligations/", views.ObligationListView.as_view(), name="obligation_list"),
    # Printed, or as a file: obligations/print/, obligations/csv/, obligations/xlsx/.
    re_path(
        r"^obligations/(?P<fmt>print|csv|xlsx)/$",
        views.ObligationListView.as_view(),
        name="obligation_list",
    ),
    path(
        "obligations/<int:pk>/edit/", views.ObligationUpdateView.as_view(), name="obligation_edit"
    ),
]
