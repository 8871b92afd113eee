"""The bulk actions: who may take each (the permission of the single action), what it
asks and which service it calls."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from exchange.claims.bulk import ASK_CONFIRMATION, CLAIM, claims_for_shipments
from shipments.bulk import shipments_acknowledge


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    permission: str
    # Writes ask for confirmation and a date; the others answer at once.
    date_label: str = ""
    explanation: str = ""
    makes_claims: bool = False

    @property
    def writes(self) -> bool:
        return bool(self.date_label)

    def run(self, *, ids, on, note, user, versions):
        if self.name == "acknowledge":
            return shipments_acknowledge(ids=ids, on=on, note=note, user=user, versions=versions)
        kind = ASK_CONFIRMATION if self.name == "confirm" else CLAIM
        return claims_for_shipments(ids=ids, kind=kind, claimed_on=on, user=user)


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "acknowledge",
            _("Acknowledge"),
            # The single step's permission (shipments:step).
            "shipments.change_shipment",
            date_label=_("Acknowledged on"),
            explanation=_(
                "Our shipments: the partner has confirmed their receipt. Shipments we "
                "received: we have confirmed their receipt to the partner. Each shipment's "
                "history records the step."
            ),
        ),
        Action(
            "confirm",
            _("Ask for confirmation"),
            "shipments.add_claim",
            date_label=_("Claimed on"),
            explanation=_(
                "One claim per shipment dispatched and never acknowledged, and one letter per "
                "partner listing its shipments, in the language of its contact."
            ),
            makes_claims=True,
        ),
        Action(
            "claim",
            _("Claim"),
            "shipments.add_claim",
            date_label=_("Claimed on"),
            explanation=_(
                "One claim per expected shipment that has not come, and one letter per "
                "partner listing its shipments, in the language of its contact."
            ),
            makes_claims=True,
        ),
        Action("letters", _("Print letters"), "shipments.view_shipment"),
        Action("csv", _("Export CSV"), "shipments.view_shipment"),
        Action("xlsx", _("Export XLSX"), "shipments.view_shipment"),
    )
}
