from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from exchange.core.bilingual import in_language


class UserPreference(models.Model):
    """What a user chose for themselves, the language of the interface, and how letters
    sign with their name: the full name in English is the account's first and last name.

    Read once at sign-in into the session (exchange.core.preferences), so pages cost no
    extra query; changed by the language switcher.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES, blank=True
    )
    name_zh = models.CharField(_("name in Chinese"), max_length=150, blank=True)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("As letters sign it, in English.")
    )
    title_zh = models.CharField(_("title in Chinese"), max_length=150, blank=True)
    overdue_digest = models.BooleanField(
        _("Weekly e-mail of what is overdue"),
        default=False,
        help_text=_(
            "Every week, an e-mail listing the overdue shipments and the claims awaiting a "
            "reply among those this user recorded, in their language."
        ),
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return str(self.user)


class LetterKind(models.TextChoices):
    DISPATCH_NOTE = "dispatch_note", _("Dispatch note")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    CLAIM = "claim", _("Claim letter")


PRINTED_BY = _("Nobody chosen: the user who prints the letter.")


def signatory_field(verbose_name, help_text=PRINTED_BY):
    """Who signs a kind of letter (a user kept when the user goes: set to nobody)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


class LibraryIdentity(models.Model):
    """The library's own identity, on every page header and letter: one row, edited by
    administrators in the admin. Read through `current()`, which keeps it in the cache
    so a page costs no query for it."""

    CACHE_KEY = "library-identity"

    name = models.CharField(_("name in English"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=200)
    department = models.CharField(_("department in English"), max_length=200, blank=True)
    department_zh = models.CharField(_("department in Chinese"), max_length=200, blank=True)
    postal_address = models.TextField(
        _("postal address in English"), blank=True, help_text=_("One line per line of the address.")
    )
    postal_address_zh = models.TextField(_("postal address in Chinese"), blank=True)
    shipping_address = models.TextField(
        _("shipping address in English"),
        blank=True,
        help_text=_("Where partners send parcels, if not to the postal address."),
    )
    shipping_address_zh = models.TextField(_("shipping address in Chinese"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    telephone = models.CharField(_("telephone"), max_length=64, blank=True)
    dispatch_note_signatory = signatory_field(_("signs dispatch notes"))
    acknowledgement_signatory = signatory_field(_("signs acknowledgements of receipt"))
    claim_signatory = signatory_field(
        _("signs claim letters"), _("Nobody chosen: the user who recorded the claim.")
    )

    class Meta:
        verbose_name = _("library identity")
        verbose_name_plural = _("library identity")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="library_identity_one_row")
        ]

    def __str__(self):
        return self.shown_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        # Now for this process, and again once committed in case a page cached the old row.
        cache.delete(self.CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))

    @classmethod
    def current(cls) -> "LibraryIdentity":
        identity = cache.get(cls.CACHE_KEY)
        if identity is None:
            identity = cls.objects.filter(pk=1).first() or cls.default()
            cache.set(cls.CACHE_KEY, identity, timeout=300)
        return identity

    @classmethod
    def default(cls) -> "LibraryIdentity":
        """Until an administrator fills it in: the names the installation was set up with."""
        return cls(
            pk=1,
            name=settings.EXCHANGE_LIBRARY_NAME,
            name_zh=settings.EXCHANGE_LIBRARY_NAME_ORIGINAL,
        )

    def signatory_id(self, kind: str) -> int | None:
        return getattr(self, f"{kind}_signatory_id")

    @property
    def shown_name(self) -> str:
        return in_language(self.name, self.name_zh)

    @property
    def other_name(self) -> str:
        """The name in the other language, where there is one."""
        other = self.name_zh if self.shown_name == self.name else self.name
        return "" if other == self.shown_name else other

    @property
    def shown_department(self) -> str:
        return in_language(self.department, self.department_zh)

    @property
    def shown_postal_address(self) -> list[str]:
        return in_language(self.postal_address, self.postal_address_zh).splitlines()

    @property
    def shown_shipping_address(self) -> list[str]:
        return in_language(self.shipping_address, self.shipping_address_zh).splitlines()
