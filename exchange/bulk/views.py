"""The bulk action page: one POST address for every list's bulk form.

The writes (acknowledge, ask for confirmation, claim) show what was chosen and ask
for the date first, then run and show what was done and what was refused, and why;
letters and exports answer at once. A selection that cannot be used goes back to the
list with the reason; nothing is written.
"""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from exchange.bulk.actions import ACTIONS
from exchange.bulk.forms import BulkActionForm
from exchange.bulk.selection import (
    FILTER_PARAMETERS,
    MAX_AT_ONCE,
    MAX_LETTERS,
    ChangedMeanwhile,
    SelectionError,
    read_selection,
)
from exchange.core.logs import log_bulk
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import file_response
from exchange.transfer.exports import export_filename, stream_shipments
from shipments.letters import shipment_letters
from shipments.models import Shipment

logger = logging.getLogger(__name__)
LIST_URLS = {
    "shipments": "shipments:list",
    "to_confirm": "exchange:to_confirm",
    "overdue": "exchange:claims",
}


def list_url(data) -> str:
    """The list the bulk form came from, with its filters."""
    scope = data.get("scope", "shipments")
    url = reverse(LIST_URLS.get(scope, "shipments:list"))
    filters = [
        (name, value)
        for name, values in data.lists()
        if name in FILTER_PARAMETERS and name != "page"
        for value in values
        if value
    ]
    return f"{url}?{urlencode(filters)}" if filters else url


class BulkActionView(RoleRequiredMixin, View):
    permission_required = "shipments.view_shipment"
    http_method_names = ["post"]

    def post(self, request):
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            return self.back(_("Choose an action."))
        if not request.user.has_perm(action.permission):
            raise PermissionDenied
        limit = MAX_LETTERS if action.name == "letters" else MAX_AT_ONCE
        try:
            selection = read_selection(request.POST, timezone.localdate(), limit)
        except ChangedMeanwhile as changed:
            return self.confirm(
                action, changed.selection, BulkActionForm(**self.form_kwargs(action)), str(changed)
            )
        except SelectionError as error:
            return self.back(str(error))
        if action.name == "letters":
            return self.letters(selection)
        if action.name in ("csv", "xlsx"):
            chosen = Shipment.objects.filter(pk__in=selection.ids)
            content = stream_shipments(chosen, action.name, user=request.user)
            return file_response(content, action.name, export_filename("shipments", action.name))
        confirmed = request.POST.get("confirmed") == "1"
        form = BulkActionForm(request.POST if confirmed else None, **self.form_kwargs(action))
        if not (confirmed and form.is_valid()):
            return self.confirm(action, selection, form)
        try:
            result = action.run(
                ids=selection.ids,
                on=form.cleaned_data["on"],
                note=form.cleaned_data.get("note", ""),
                user=request.user,
                versions=selection.versions,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.confirm(action, selection, form)
        return render(
            request,
            "exchange/bulk/result.html",
            {
                "action": action,
                "result": result,
                "on": form.cleaned_data["on"],
                "back_url": list_url(request.POST),
                "claim_ids": ",".join(str(c.pk) for c in result.done)
                if action.makes_claims
                else "",
                "letter_count": len({c.partner_id for c in result.done})
                if action.makes_claims
                else 0,
            },
        )

    def form_kwargs(self, action) -> dict:
        return {"date_label": action.date_label, "with_note": action.name == "acknowledge"}

    def back(self, message: str):
        messages.error(self.request, message)
        return HttpResponseRedirect(list_url(self.request.POST))

    def confirm(self, action, selection, form, warning: str = ""):
        return render(
            self.request,
            "exchange/bulk/confirm.html",
            {
                "action": action,
                "selection": selection,
                "by_status": selection.by_status(),
                "form": form,
                "warning": warning,
                "back_url": list_url(self.request.POST),
            },
        )

    def letters(self, selection):
        letters, refused = shipment_letters(self.request, selection.ids)
        log_bulk(
            logger,
            action="letters",
            done=len(letters),
            refused=len(refused),
            user=self.request.user,
        )
        return render(
            self.request,
            "exchange/bulk/letters.html",
            {"letters": letters, "refused": refused, "back_url": list_url(self.request.POST)},
        )
