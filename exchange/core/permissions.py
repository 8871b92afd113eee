"""Access rules for the application's pages.

Anonymous users are sent to sign in; signed-in users without the permission get
403 (not a login loop). Every page view uses one of these mixins.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin


class RoleRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Requires sign-in and `permission_required` (a permission or a tuple of them)."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()
