from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from exchange.core.bilingual import in_language
from exchange.core.choices import QuickChoiceLabels
from exchange.core.codes import validate_language, validate_own_address, validate_url_part
from exchange.core.collation import pinyin_text
from exchange.core.countries import LibraryCountries
from partners.search import clean_text, code_part, is_postgresql, rank, search_condition


class Kind(models.TextChoices):
    NATIONAL = "national", _("National library")
    UNIVERSITY = "university", _("University library")
    PUBLIC = "public", _("Public library")
    RESEARCH = "research", _("Research library or academy")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class Basis(models.TextChoices):
    PIECE = "piece", _("Piece for piece")
    PAGE = "page", _("Page for page")
    VALUE = "value", _("Priced exchange")
    GIFT = "gift", _("Gift (one-way)")


# A partner's columns in the import and export files (docs/domain.md), in their order; the
# partner form has these fields and the notes.
PARTNER_COLUMNS = (
    "code",
    "name",
    "name_original",
    "kind",
    "country",
    "city",
    "status",
    "exchange_since",
    "exchange_basis",
    "website",
    "email",
)
# The Chinese forms: optional columns of the import (files without them stay valid),
# always in the export.
PARTNER_CHINESE_COLUMNS = ("name_zh", "city_zh")


def validate_partner_code(code: str) -> None:
    """A code is part of its partner's web address: no "/", and not another page's."""
    validate_url_part(code)
    validate_own_address(code, "partners:detail")


class PartnerQuerySet(models.QuerySet):
    def search(self, text: str):
        """Code, every form of the name, the city, the country's name in English or
        Chinese: how staff look a partner up (partners.search)."""
        text = clean_text(text)
        if not text:
            return self
        return self.filter(search_condition(text, postgresql=is_postgresql(self.db)))

    def named(self, text: str):
        """The partners `text` names, the most precise reading first: the partner with
        that code ("GB-BL · British Library", as a chosen partner is written, too); else
        those with that very name; else those the search finds; else (PostgreSQL) those
        with a name like it. One query, whichever reading answers."""
        text = clean_text(code_part(text))
        if not text:
            return self.none()
        postgresql = is_postgresql(self.db)
        readings = [
            Q(code__iexact=text),
            Q(name__iexact=text) | Q(name_zh=text) | Q(name_original__iexact=text),
            search_condition(text, postgresql=postgresql, fuzzy=False),
        ]
        if postgresql:
            readings.append(search_condition(text, postgresql=True))
        condition, none_before = Q(), None
        for reading in readings:
            condition |= reading if none_before is None else (none_before & reading)
            missing = ~Exists(self.filter(reading))
            none_before = missing if none_before is None else (none_before & missing)
        return self.filter(condition)

    def best_first(self, text: str):
        """Ordered by how well `text` names them (partners.search.rank)."""
        text = clean_text(text)
        if not text:
            return self.order_by("code")
        return self.order_by(*rank(text, postgresql=is_postgresql(self.db)))

    def active(self):
        return self.filter(status=Status.ACTIVE)


class Partner(QuickChoiceLabels, models.Model):
    Kind = Kind
    Status = Status
    Basis = Basis

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("A short unique code, e.g. GB-BL."),
    )
    name = models.CharField(_("name"), max_length=255, help_text=_("In English or romanised."))
    name_original = models.CharField(_("name in original script"), max_length=255, blank=True)
    name_zh = models.CharField(_("name in Chinese"), max_length=255, blank=True)
    # The name shown in Chinese, in pinyin: the list sorts by it in Chinese (`save`).
    name_pinyin = models.CharField(max_length=1024, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = CountryField(_("country"), db_index=True, countries=LibraryCountries)
    city = models.CharField(_("city"), max_length=128, blank=True)
    city_zh = models.CharField(_("city in Chinese"), max_length=128, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    exchange_since = models.DateField(_("exchange since"), null=True, blank=True)
    exchange_basis = models.CharField(
        _("exchange basis"), max_length=8, choices=Basis.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["name_pinyin"])
    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="partner_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="partner_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(exchange_basis__in=["", *Basis.values]),
                name="partner_basis_valid",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="partner_code_not_empty"),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.code} · {self.display_name}"

    def save(self, *args, **kwargs):
        self.set_name_pinyin()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.code])

    def set_name_pinyin(self) -> None:
        """Before every write, also the bulk ones (imports, the demo)."""
        self.name_pinyin = pinyin_text(self.name_zh or self.name)

    def clean(self):
        try:
            validate_partner_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error}) from error

    conflict_message = _(
        "%(who)s saved this partner at %(at)s, while you were editing it. Nothing was "
        "saved: check your changes against theirs and save again."
    )

    def deletion_refusal(self) -> str:
        """Why the partner cannot be deleted, with what to do instead; "" if it can."""
        shipments = self.shipments.count()
        claims = self.claims.count()
        obligations = self.obligations.count()
        if not (shipments or claims or obligations):
            return ""
        counts = [
            ngettext("%(n)d shipment", "%(n)d shipments", shipments) % {"n": shipments},
            ngettext("%(n)d claim", "%(n)d claims", claims) % {"n": claims},
            ngettext("%(n)d obligation", "%(n)d obligations", obligations) % {"n": obligations},
        ]
        kept = [text for n, text in zip((shipments, claims, obligations), counts, strict=True) if n]
        return gettext(
            "%(partner)s has %(records)s and cannot be deleted: the record of exchange is "
            "kept. To stop exchanging with it, end the partnership: set its status to “Ended”."
        ) % {"partner": self.code, "records": ", ".join(kept)}

    @property
    def shown_name(self) -> str:
        """The name in the language of the page: Chinese, else English or romanised."""
        return in_language(self.name, self.name_zh)

    @property
    def shown_city(self) -> str:
        return in_language(self.city, self.city_zh)

    @property
    def display_name(self) -> str:
        """The name in the language of the page, and the original script where it differs."""
        shown = self.shown_name
        if self.name_original and self.name_original != shown:
            return f"{shown} ({self.name_original})"
        return shown

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    def shipping_address(self):
        """The shipping address, else the postal one; from prefetched addresses if any."""
        addresses = list(self.addresses.all())
        for kind in (Address.Kind.SHIPPING, Address.Kind.POSTAL):
            for address in addresses:
                if address.kind == kind:
                    return address
        return None

    def main_contact(self):
        contacts = list(self.contacts.all())
        return contacts[0] if contacts else None


class Address(models.Model):
    class Kind(models.TextChoices):
        SHIPPING = "shipping", _("Shipping")
        POSTAL = "postal", _("Postal")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    recipient = models.CharField(_("recipient"), max_length=255, blank=True)
    lines = models.TextField(_("street address"))
    city = models.CharField(_("city"), max_length=128, blank=True)
    postcode = models.CharField(_("postcode"), max_length=32, blank=True)
    country = CountryField(_("country"), countries=LibraryCountries)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["partner", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["shipping", "postal"]), name="address_kind_valid"
            ),
        ]

    def __str__(self):
        return ", ".join(
            part
            for part in (self.recipient, self.lines, self.city, self.postcode, self.country.name)
            if part
        )

    def as_lines(self) -> list[str]:
        """The address as printed on a label or letter."""
        lines = [self.recipient] if self.recipient else []
        lines += [line for line in self.lines.splitlines() if line.strip()]
        lines.append(" ".join(part for part in (self.postcode, self.city) if part))
        lines.append(str(self.country.name).upper())
        return [line for line in lines if line]


class Contact(models.Model):
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=128, blank=True)
    role_zh = models.CharField(_("role in Chinese"), max_length=128, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=3,
        blank=True,
        validators=[validate_language],
        help_text=_("ISO 639 code, e.g. en, zh, ru."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner", "id"]

    def __str__(self):
        return f"{self.name} ({self.shown_role})" if self.shown_role else self.name

    @property
    def shown_role(self) -> str:
        return in_language(self.role, self.role_zh)
