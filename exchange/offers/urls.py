"""The exchange's pages (namespace `offers`, under /exchange/): the stock, offer lists,
selections, partners' offers and our wants."""

from django.urls import path

from exchange.offers import (
    list_views,
    partner_offer_views,
    selection_views,
    stock_views,
    want_views,
)

app_name = "offers"

urlpatterns = [
    path("", list_views.OffersHomeView.as_view(), name="home"),
    # The exchange stock
    path("stock/", stock_views.StockListView.as_view(), name="stock_list"),
    path("stock/new/", stock_views.StockCreateView.as_view(), name="stock_create"),
    path("stock/<int:pk>/", stock_views.StockUpdateView.as_view(), name="stock_edit"),
    path("stock/import/", stock_views.StockImportView.as_view(), name="stock_import"),
    path("stock/export/", stock_views.StockExportView.as_view(), name="stock_export"),
    # Offer lists
    path("lists/", list_views.OfferListListView.as_view(), name="list_list"),
    path("lists/new/", list_views.OfferListCreateView.as_view(), name="list_create"),
    path("lists/<int:pk>/", list_views.OfferListDetailView.as_view(), name="list_detail"),
    path("lists/<int:pk>/edit/", list_views.OfferListUpdateView.as_view(), name="list_edit"),
    path("lists/<int:pk>/titles/", list_views.OfferListTitlesView.as_view(), name="list_titles"),
    path("lists/<int:pk>/step/<str:to>/", list_views.OfferListStepView.as_view(), name="list_step"),
    path("lists/<int:pk>/print/", list_views.OfferListPrintView.as_view(), name="list_print"),
    path(
        "lists/<int:pk>/export/<str:fmt>/",
        list_views.OfferListExportView.as_view(),
        name="list_export",
    ),
    # Selections
    path("selections/", selection_views.SelectionListView.as_view(), name="selection_list"),
    path(
        "lists/<int:pk>/select/",
        selection_views.SelectionCreateView.as_view(),
        name="selection_create",
    ),
    path(
        "selections/<int:pk>/",
        selection_views.SelectionDetailView.as_view(),
        name="selection_detail",
    ),
    path(
        "selections/<int:pk>/<str:action>/",
        selection_views.SelectionActionView.as_view(),
        name="selection_action",
    ),
    path(
        "selection-lines/<int:pk>/withdraw/",
        selection_views.WithdrawLineView.as_view(),
        name="selection_withdraw",
    ),
    # Partners' offers
    path(
        "partner-offers/", partner_offer_views.PartnerOfferListView.as_view(), name="partner_offers"
    ),
    path(
        "partner-offers/new/",
        partner_offer_views.PartnerOfferUploadView.as_view(),
        name="partner_offer_upload",
    ),
    path(
        "partner-offers/<int:pk>/",
        partner_offer_views.PartnerOfferDetailView.as_view(),
        name="partner_offer_detail",
    ),
    path(
        "partner-offers/<int:pk>/request/",
        partner_offer_views.PartnerOfferRequestView.as_view(),
        name="partner_offer_request",
    ),
    path(
        "partner-offers/<int:pk>/letter/",
        partner_offer_views.PartnerOfferLetterView.as_view(),
        name="partner_offer_letter",
    ),
    # Our wants
    path("wants/", want_views.WantListView.as_view(), name="want_list"),
    path("wants/new/", want_views.WantCreateView.as_view(), name="want_create"),
    path("wants/<int:pk>/", want_views.WantUpdateView.as_view(), name="want_edit"),
    path("wants/import/", want_views.WantImportView.as_view(), name="want_import"),
    path("wants/export/", want_views.WantExportView.as_view(), name="want_export"),
    path("wants/on-offer/", want_views.WantsOnOfferView.as_view(), name="wants_on_offer"),
]
