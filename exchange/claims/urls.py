"""What staff chase, under programme/claims/ in the `exchange` namespace."""

from django.urls import path

from exchange.claims import letters, views

urlpatterns = [
    path("", views.ToClaimView.as_view(), name="claims"),
    path("to-confirm/", views.ToConfirmView.as_view(), name="to_confirm"),
    path("recorded/", views.ClaimListView.as_view(), name="claim_list"),
    path("new/", views.ClaimCreateView.as_view(), name="claim_create"),
    path("<int:pk>/", views.ClaimUpdateView.as_view(), name="claim_edit"),
    path("<int:pk>/letter/", views.ClaimLetterView.as_view(), name="claim_letter"),
    path("letters/", letters.ClaimLettersView.as_view(), name="claim_letters"),
]
