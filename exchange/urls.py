from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from exchange import preferences, views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", preferences.set_language, name="set_language"),
    path("partners/", include("partners.urls")),
    path("shipments/", include("shipments.urls")),
    path("programme/", include("exchange.programme_urls")),
    path("admin/", admin.site.urls),
]
