"""The exchange app's models, each defined in the capability package that owns it (and
the claims' model, which keeps the shipments app's label and tables).

Django imports an app's `models` module to register its models; this one only gathers
them. Import a model from its own package (`exchange.rates.models`), never from here:
this module sits above every package of `exchange/`.
"""

from exchange.balance.models import BalanceSummary, UnratedValue
from exchange.claims.models import Claim
from exchange.core.models import LibraryIdentity, UserPreference
from exchange.jobs.models import Job, JobChunk, WorkerHeartbeat
from exchange.offers.models import (
    OfferLine,
    OfferList,
    PartnerOffer,
    PartnerOfferLine,
    Selection,
    SelectionLine,
    StockItem,
    Want,
)
from exchange.ops.models import ScheduledRun
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.rates.models import ExchangeRate
from exchange.transfer.models import PendingImport

__all__ = [
    "BalanceSummary",
    "Claim",
    "CulturalAgreement",
    "ExchangeRate",
    "Job",
    "JobChunk",
    "LibraryIdentity",
    "Obligation",
    "OfferLine",
    "OfferList",
    "PartnerOffer",
    "PartnerOfferLine",
    "Selection",
    "SelectionLine",
    "StockItem",
    "Want",
    "PendingImport",
    "ScheduledRun",
    "UnratedValue",
    "UserPreference",
    "WorkerHeartbeat",
]
