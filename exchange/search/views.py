from django.views.generic import TemplateView

from exchange.core.permissions import RoleRequiredMixin
from exchange.search.queries import FIRST, search_groups
from partners.search import SEARCH_MAX_LENGTH


class SearchView(RoleRequiredMixin, TemplateView):
    """The results of the header's search box, grouped by kind of record."""

    permission_required = "partners.view_partner"
    template_name = "exchange/search.html"

    def get_context_data(self, **kwargs):
        text = self.request.GET.get("q", "")[:SEARCH_MAX_LENGTH].strip()
        groups = search_groups(text, self.request.user)
        return super().get_context_data(
            text=text,
            groups=groups,
            first=FIRST,
            found=any(group.count for group in groups),
            **kwargs,
        )
