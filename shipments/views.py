from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from exchange.audit.history import history_admin_url
from exchange.audit.versions import refused_changes
from exchange.core.choices import Direction
from exchange.core.codes import currency_choices, language_choices
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.views import FilteredListMixin
from shipments.filters import ShipmentFilter
from shipments.forms import (
    ShipmentForm,
    StepForm,
    default_currency,
    item_formset,
)
from shipments.history import shipment_history
from shipments.models import Shipment
from shipments.services import (
    AlreadyCreated,
    shipment_create,
    shipment_delete,
    shipment_step,
    shipment_update,
)
from shipments.steps import STEPS, ShipmentEvent
from shipments.totals import shipment_totals

# What each step means, shown where it is confirmed.
STEP_NOTES = {
    "pack": gettext_lazy("The parcel is packed and ready to go; items can still be changed."),
    "dispatch": gettext_lazy(
        "From its dispatch date the shipment counts in the balance of exchange; its items "
        "can no longer be changed."
    ),
    "deliver": gettext_lazy("The carrier reports the parcel delivered."),
    "acknowledge": gettext_lazy("The partner has confirmed receipt."),
    "cancel": gettext_lazy("The shipment will not be sent. This cannot be undone."),
    "lose": gettext_lazy("The parcel was lost: it no longer counts in the balance."),
    "return": gettext_lazy("The parcel came back: it no longer counts in the balance."),
    "receive": gettext_lazy(
        "From its date of receipt the shipment counts in the balance of exchange. Add or "
        "correct its items first."
    ),
    "confirm": gettext_lazy("We have confirmed receipt to the partner."),
    "cancel_incoming": gettext_lazy("The announced shipment will not come."),
}
# Steps that end a shipment's useful life get a red button.
DANGEROUS_STEPS = ("cancel", "lose", "return", "cancel_incoming")


def add_service_errors(form, error: ValidationError, field_map=None) -> None:
    """Put a service's ValidationError on the form: next to its field where the form
    has that field, else at the top."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = field_map.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


# The items, pages and values of a larger set are summed when asked for (`?totals=1`):
# the lines of 5,000 shipments (some 27,000 on the demo) take about 45 ms; the demo's
# whole list (22,000 shipments, 120,000 lines) 0.2 s, which every page of the list
# paid; 200,000 shipments (2 million lines) some 4 s at the benchmark's scale.
TOTALS_AT_ONCE = 5_000


class ShipmentListView(RoleRequiredMixin, FilteredListMixin, FilterView):
    permission_required = "shipments.view_shipment"
    filterset_class = ShipmentFilter
    template_name = "shipments/shipment_list.html"
    default_sort = "-date"

    def get_queryset(self):
        return Shipment.objects.for_list().with_date()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["paginator"].count <= TOTALS_AT_ONCE or self.request.GET.get("totals") == "1":
            context["totals"] = self.object_list.item_totals()
        return context


class ShipmentDetailView(RoleRequiredMixin, DetailView):
    permission_required = "shipments.view_shipment"
    slug_field = "reference"
    slug_url_kwarg = "reference"
    queryset = Shipment.objects.select_related(
        "partner", "obligation__agreement", "created_by"
    ).prefetch_related(
        "items", Prefetch("events", queryset=ShipmentEvent.objects.select_related("user"))
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shipment = self.object
        user = self.request.user
        steps = []
        if user.has_perm("shipments.change_shipment"):
            steps = [
                {
                    "step": step,
                    "form": StepForm(shipment=shipment, step=step, prefix=step.name),
                    "note": STEP_NOTES.get(step.name, ""),
                    "dangerous": step.name in DANGEROUS_STEPS,
                }
                for step in shipment.allowed_steps()
            ]
        context.update(
            totals=shipment_totals(shipment),
            steps=steps,
            can_edit=shipment.is_editable and user.has_perm("shipments.change_shipment"),
            can_delete=shipment.is_deletable and user.has_perm("shipments.delete_shipment"),
            history=shipment_history(shipment),
            history_admin_url=history_admin_url(user, shipment),
        )
        return context


class ShipmentFormView(RoleRequiredMixin, TemplateView):
    """The shipment with its items in one form; subclasses create or change one."""

    template_name = "shipments/shipment_form.html"
    is_new = False

    def get_shipment(self) -> Shipment:
        raise NotImplementedError

    def refusal(self):
        """A response refusing the change, or None."""
        return None

    def get_initial(self) -> dict:
        return {}

    def get_forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        shipment = self.object
        form = ShipmentForm(data, instance=shipment, initial=self.get_initial())
        blank_rows = 1 if self.is_new or not shipment.items.exists() else 0
        formset = item_formset(extra=blank_rows)(
            data,
            instance=shipment,
            prefix="items",
            require_items=shipment.is_outgoing,
            form_kwargs={"default_currency": default_currency(shipment.direction)},
        )
        if self.is_new and form.initial.get("partner") and formset.forms:
            # The partner came from its page: start with the first item.
            formset.forms[0].fields["isbn"].widget.attrs["autofocus"] = True
        return form, formset

    def get(self, request, *args, **kwargs):
        self.object = self.get_shipment()
        refusal = self.refusal()
        if refusal:
            return refusal
        form, formset = self.get_forms()
        if self.object.partner_id:
            formset.note_sent_before(self.object.partner, self.object)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        self.object = self.get_shipment()
        refusal = self.refusal()
        if refusal:
            return refusal
        form, formset = self.get_forms()
        valid = form.is_valid() & formset.is_valid()
        partner = form.cleaned_data.get("partner")
        noted = formset.note_sent_before(partner, self.object) if partner else []
        if valid:
            try:
                shipment = self.save(form, formset)
            except ValidationError as error:
                self.show_errors(error, form, formset)
            else:
                messages.success(request, self.success_message(shipment))
                for item_form in noted:
                    messages.warning(request, item_form.sent_before_message())
                return HttpResponseRedirect(shipment.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def show_errors(self, error, form, formset):
        add_service_errors(form, error)
        if getattr(error, "code", None) == "missing_rate":
            formset.mark_missing_rates(error.params["missing"], error.messages[0])

    def success_message(self, shipment) -> str:
        if shipment.status == Shipment.Status.RECEIVED:
            message = _("Shipment %(reference)s recorded as received.")
        elif self.is_new:
            message = _("Shipment %(reference)s created.")
        else:
            message = _("Changes to shipment %(reference)s saved.")
        return message % {"reference": shipment.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            shipment=self.object,
            is_new=self.is_new,
            language_choices=language_choices(),
            currency_choices=currency_choices(),
        )
        return context


class ShipmentCreateView(ShipmentFormView):
    permission_required = "shipments.add_shipment"
    direction = Direction.OUTGOING
    is_new = True

    def get_shipment(self):
        if self.direction == Direction.OUTGOING:
            return Shipment(direction=self.direction, status=Shipment.Status.DRAFT)
        return Shipment(direction=self.direction, status=Shipment.Status.EXPECTED)

    def get_initial(self):
        return {"partner": self.request.GET.get("partner", "")}

    def save(self, form, formset):
        return shipment_create(
            shipment=form.save(commit=False),
            items=formset.save(commit=False),
            user=self.request.user,
            received_on=form.cleaned_data.get("received_on"),
            form_token=form.cleaned_data.get("form_token"),
        )

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AlreadyCreated as sent_before:
            shipment = sent_before.shipment
            messages.info(
                request,
                _("The form was sent again: shipment %(reference)s was created the first time.")
                % {"reference": shipment.reference},
            )
            return HttpResponseRedirect(shipment.get_absolute_url())


class ShipmentUpdateView(ShipmentFormView):
    permission_required = "shipments.change_shipment"

    def get_shipment(self):
        return get_object_or_404(
            Shipment.objects.select_related("partner"), reference=self.kwargs["reference"]
        )

    def refusal(self):
        shipment = self.object
        if shipment.is_editable:
            return None
        messages.error(
            self.request,
            _("A shipment that is %(status)s can no longer be changed.")
            % {"status": shipment.get_status_display().lower()},
        )
        return HttpResponseRedirect(shipment.get_absolute_url())

    def save(self, form, formset):
        items = formset.save(commit=False)
        return shipment_update(
            shipment=form.save(commit=False),
            items=items,
            deleted_items=formset.deleted_objects,
            user=self.request.user,
            received_on=form.cleaned_data.get("received_on"),
            version=form.cleaned_data["version"],
        )

    def show_errors(self, error, form, formset):
        super().show_errors(error, form, formset)
        # The service may have moved the unsaved copy on; show the shipment as it is.
        self.object = self.get_shipment()
        if getattr(error, "code", None) == "conflict":
            self.conflict = refused_changes(form, self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(conflict=getattr(self, "conflict", None), **kwargs)


class ShipmentStepView(RoleRequiredMixin, TemplateView):
    """GET: the confirmation page of a step (without JavaScript); POST: the step."""

    permission_required = "shipments.change_shipment"
    template_name = "shipments/shipment_step.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.step = STEPS.get(kwargs["step"])

    def load(self):
        if self.step is None:
            raise Http404(_("No such step."))
        self.object = get_object_or_404(
            Shipment.objects.select_related("partner"), reference=self.kwargs["reference"]
        )
        if self.step not in self.object.allowed_steps():
            messages.error(
                self.request,
                _("A shipment that is %(status)s cannot be changed by “%(step)s”.")
                % {
                    "status": self.object.get_status_display().lower(),
                    "step": self.step.label,
                },
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        return None

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return StepForm(data, shipment=self.object, step=self.step, prefix=self.step.name)

    def get(self, request, *args, **kwargs):
        return self.load() or self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        refused = self.load()
        if refused:
            return refused
        form = self.get_form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                shipment = shipment_step(
                    shipment=self.object,
                    step=self.step.name,
                    on=data["on"],
                    user=request.user,
                    method=data.get("method", ""),
                    tracking_number=data.get("tracking_number", ""),
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error, {self.step.date_field: "on"})
            else:
                messages.success(
                    request,
                    _("%(reference)s is now %(status)s.")
                    % {
                        "reference": shipment.reference,
                        "status": shipment.get_status_display().lower(),
                    },
                )
                return HttpResponseRedirect(shipment.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            shipment=self.object,
            step=self.step,
            note=STEP_NOTES.get(self.step.name, ""),
            dangerous=self.step.name in DANGEROUS_STEPS,
        )
        return context


class ShipmentDeleteView(RoleRequiredMixin, TemplateView):
    """GET: confirm deleting a draft (or an incoming shipment that never came), or say
    why it cannot be deleted and what to do instead; POST: delete it."""

    permission_required = "shipments.delete_shipment"
    template_name = "shipments/shipment_confirm_delete.html"

    def get_shipment(self):
        return get_object_or_404(
            Shipment.objects.select_related("partner"), reference=self.kwargs["reference"]
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_shipment()
        return self.render_to_response(
            self.get_context_data(refusal=self.object.deletion_refusal())
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_shipment()
        try:
            shipment_delete(shipment=self.object, user=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(refusal=error.messages[0]))
        messages.success(
            request, _("Shipment %(reference)s deleted.") % {"reference": self.object.reference}
        )
        return HttpResponseRedirect(reverse("shipments:list"))

    def get_context_data(self, **kwargs):
        shipment = self.object
        alternatives = []
        if self.request.user.has_perm("shipments.change_shipment"):
            alternatives = [
                step
                for step in shipment.allowed_steps()
                if step.name in ("cancel", "cancel_incoming", "lose", "return")
            ]
        return super().get_context_data(shipment=shipment, alternatives=alternatives, **kwargs)
