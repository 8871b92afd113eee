from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchange"
    verbose_name = _("Exchange programme")

    def ready(self):
        # Connects the sign-in receiver that applies the user's language.
        pass
