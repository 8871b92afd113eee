"""The site's addresses: each capability's pages under their own prefix.

Agreements, claims, reports and imports share the `exchange` namespace
(`exchange:report_balance`, `exchange:claims` …) under programme/.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from exchange.core import preferences
from exchange.core.settings_page import MySettingsView
from exchange.core.views import favicon
from exchange.dashboard.maintenance import MaintenanceView
from exchange.dashboard.views import DashboardView
from exchange.ops.health import healthz

programme = (
    [
        path("", include("exchange.transfer.urls")),
        path("", include("exchange.programme.urls")),
        path("claims/", include("exchange.claims.urls")),
        path("bulk/", include("exchange.bulk.urls")),
        path("reports/", include("exchange.reports.urls")),
    ],
    "exchange",
)

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", preferences.set_language, name="set_language"),
    path("partners/", include("partners.urls")),
    path("shipments/", include("shipments.urls")),
    path("rates/", include("exchange.rates.urls")),
    path("programme/", include(programme)),
    path("search/", include("exchange.search.urls")),
    path("exchange/", include("exchange.offers.urls")),
    path("jobs/", include("exchange.jobs.urls")),
    path("maintenance/", MaintenanceView.as_view(), name="maintenance"),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/settings/", MySettingsView.as_view(), name="my_settings"),
    # Answered first by exchange.ops.health.HealthCheckMiddleware; named here.
    path("healthz", healthz, name="healthz"),
]

# The server error page in the user's language, rendered without the database.
handler500 = "exchange.ops.errors.server_error"
