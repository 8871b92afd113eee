from django.utils import timezone
from django.views.generic import TemplateView

from exchange.core.permissions import RoleRequiredMixin
from exchange.dashboard import sections as dashboard


class DashboardView(RoleRequiredMixin, TemplateView):
    """The home page: one section per role the user holds."""

    permission_required = ()
    template_name = "exchange/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            today=today, sections=dashboard.sections_for(self.request.user, today), **kwargs
        )
