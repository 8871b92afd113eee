from django.urls import path

from exchange.core.choices import Direction
from exchange.transfer.export_views import ShipmentExportView
from shipments import letters, lookups, views

app_name = "shipments"

urlpatterns = [
    path("", views.ShipmentListView.as_view(), name="list"),
    path("export/", ShipmentExportView.as_view(), name="export"),
    path(
        "new/outgoing/",
        views.ShipmentCreateView.as_view(direction=Direction.OUTGOING),
        name="create_outgoing",
    ),
    path(
        "new/incoming/",
        views.ShipmentCreateView.as_view(direction=Direction.INCOMING),
        name="create_incoming",
    ),
    path("check-isbn/", lookups.CheckIsbnView.as_view(), name="check_isbn"),
    path("known-item/", lookups.KnownItemView.as_view(), name="known_item"),
    path("sent-before/", lookups.SentBeforeView.as_view(), name="sent_before"),
    path("obligations/", lookups.PartnerObligationsView.as_view(), name="partner_obligations"),
    path("<str:reference>/", views.ShipmentDetailView.as_view(), name="detail"),
    path("<str:reference>/edit/", views.ShipmentUpdateView.as_view(), name="edit"),
    path("<str:reference>/step/<str:step>/", views.ShipmentStepView.as_view(), name="step"),
    path("<str:reference>/delete/", views.ShipmentDeleteView.as_view(), name="delete"),
    path(
        "<str:reference>/dispatch-note/", letters.DispatchNoteView.as_view(), name="dispatch_note"
    ),
    path(
        "<str:reference>/acknowledgement/",
        letters.AcknowledgementView.as_view(),
        name="acknowledgement",
    ),
]
