"""What the parts of the demo share: the options of one run (`Run`) and what the demo
knows of each partner beyond its row (`Profile`)."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser

from partners.models import Partner


@dataclass(frozen=True)
class Run:
    """The options of one run, with the dates and the currency they come to."""

    seed: int
    size: int  # partners
    scale: float  # multiplies the shipments per partner
    until: datetime.date  # the last day of the data
    first_day: datetime.date  # of the shipments
    base: str  # currency of the values (settings.EXCHANGE_BASE_CURRENCY)
    user: AbstractBaseUser  # the demo "staff" user, who records everything

    def rng(self, part: str) -> random.Random:
        """One generator per part, so that changing one option changes only its part."""
        return random.Random(f"{self.seed}:{part}")


@dataclass
class Profile:
    """A partner and what the demo needs to know to make its shipments."""

    partner: Partner
    country: str  # its alpha-2 code (partner.country is a Country object)
    domain: str  # of its website and email
    language: str  # of the titles it sends us
    names: str  # the name set of its people
    currency: str  # of the values of what it sends
    start: datetime.date | None = None  # shipments from
    stop: datetime.date | None = None  # shipments until
    activity: float = 1.0
    obligations: dict = field(default_factory=lambda: {"outgoing": [], "incoming": []})
    serials: dict = field(default_factory=dict)  # title: (ISSN, year founded)
