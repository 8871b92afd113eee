"""Imports and the rates export, under programme/ in the `exchange` namespace."""

from django.urls import path

from exchange.transfer import views as import_views
from exchange.transfer.export_views import RateExportView

urlpatterns = [
    path("import/", import_views.ImportIndexView.as_view(), name="imports"),
    path(
        "import/partners/",
        import_views.ImportUploadView.as_view(),
        {"kind": "partners"},
        name="import_partners",
    ),
    path(
        "import/rates/",
        import_views.ImportUploadView.as_view(),
        {"kind": "rates"},
        name="import_rates",
    ),
    path(
        "import/shipments/",
        import_views.ImportUploadView.as_view(),
        {"kind": "shipments"},
        name="import_shipments",
    ),
    path(
        "import/<str:kind>/template.<str:fmt>",
        import_views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("import/<int:pk>/", import_views.ImportPreviewView.as_view(), name="import_preview"),
    path(
        "import/<int:pk>/confirm/",
        import_views.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path("import/<int:pk>/cancel/", import_views.ImportCancelView.as_view(), name="import_cancel"),
    path("export/rates/", RateExportView.as_view(), name="export_rates"),
]
