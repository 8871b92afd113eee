"""The programme app's pages: reports, agreements, obligations, claims."""

from django.urls import include, path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("", include("exchange.import_urls")),
    path("reports/", include("exchange.report_urls")),
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
    path(
        "obligations/<int:pk>/edit/", views.ObligationUpdateView.as_view(), name="obligation_edit"
    ),
    path("claims/", views.ToClaimView.as_view(), name="claims"),
    path("claims/to-confirm/", views.ToConfirmView.as_view(), name="to_confirm"),
    path("claims/recorded/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/new/", views.ClaimCreateView.as_view(), name="claim_create"),
    path("claims/<int:pk>/", views.ClaimUpdateView.as_view(), name="claim_edit"),
    path("claims/<int:pk>/letter/", views.ClaimLetterView.as_view(), name="claim_letter"),
]
