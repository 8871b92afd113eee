from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from exchange.permissions import RoleRequiredMixin


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "exchange/dashboard.html"


class ReportsIndexView(RoleRequiredMixin, TemplateView):
    permission_required = "exchange.view_reports"
    template_name = "exchange/reports_index.html"
