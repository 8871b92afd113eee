"""A user's own settings: the weekly e-mail of what is overdue (the language is the
switcher's). Every signed-in user, whatever the role, changes only their own."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from exchange.core.models import UserPreference


class MySettingsForm(forms.ModelForm):
    class Meta:
        model = UserPreference
        fields = ["overdue_digest"]
        labels = {"overdue_digest": _("Send me a weekly e-mail of what is overdue")}
        help_texts = {
            "overdue_digest": _(
                "Once a week: the overdue shipments and the claims awaiting a reply among "
                "those you recorded, in the language you chose."
            )
        }


class MySettingsView(LoginRequiredMixin, FormView):
    form_class = MySettingsForm
    template_name = "exchange/my_settings.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # Not created on a GET: a user who never saves has the defaults.
        preference = UserPreference.objects.filter(user=self.request.user).first()
        kwargs["instance"] = preference or UserPreference(user=self.request.user)
        return kwargs

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your settings were saved."))
        return HttpResponseRedirect(reverse("my_settings"))
