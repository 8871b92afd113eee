"""An agreement's page history: the agreement and its obligations."""

from django.utils.translation import gettext as _

from exchange.audit.history import PAGE_EVENTS, History, Part, object_history
from exchange.programme.models import Obligation


def obligation_label(record) -> str:
    return _("Obligation: %(direction)s, %(target)s %(measure)s") % {
        "direction": record.get_direction_display().lower(),
        "target": f"{record.target.normalize():f}",
        "measure": record.get_measure_display().lower(),
    }


def agreement_history(agreement, limit: int | None = PAGE_EVENTS) -> History:
    return object_history(
        agreement, Part(Obligation, "agreement", obligation_label, _("Obligations")), limit=limit
    )
