"""Imports in the web UI (upload → preview → confirm), import templates, and exports.

The uploaded file is kept in the database (`PendingImport`) between the preview and
the confirmation, so any host can confirm it. Nothing is written before the
confirmation: the preview is the import's dry run, and confirming runs the very
import the command runs.
"""

import datetime
import io
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import CONTENT_TYPES, named_columns, table_bytes
from exchange.core.views import file_response
from exchange.rates.models import RATE_COLUMNS
from exchange.transfer.imports import ImportResult
from exchange.transfer.models import PendingImport
from exchange.transfer.partners import import_partners
from exchange.transfer.rates import import_rates
from exchange.transfer.reading import FileProblem, file_format, read_rows
from exchange.transfer.shipments import import_shipments
from partners.models import PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# The preview table shows at most this many rows (the summary counts them all).
PREVIEW_ROWS = 1000
# Uploads never confirmed are dropped after a day.
PENDING_LIFETIME = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    permissions: tuple[str, ...]
    done_url: str
    notes: str

    def run(self, stream, filename: str, *, dry_run: bool, replace: bool, user) -> ImportResult:
        if self.name == "partners":
            return import_partners(stream, filename, dry_run=dry_run, user=user)
        if self.name == "rates":
            return import_rates(stream, filename, dry_run=dry_run, user=user)
        return import_shipments(stream, filename, dry_run=dry_run, replace=replace, user=user)


KINDS = {
    kind.name: kind
    for kind in (
        ImportKind(
            name="partners",
            label=gettext_lazy("Partners"),
            columns=PARTNER_COLUMNS,
            required=("code", "name", "kind", "country", "status"),
            permissions=("partners.add_partner", "partners.change_partner"),
            done_url="partners:list",
            notes=gettext_lazy(
                "A row whose code exists updates that partner; an empty cell clears that "
                "field. country is an ISO 3166-1 alpha-2 code."
            ),
        ),
        ImportKind(
            name="rates",
            label=gettext_lazy("Exchange rates"),
            columns=RATE_COLUMNS,
            required=RATE_COLUMNS,
            permissions=("exchange.add_exchangerate", "exchange.change_exchangerate"),
            done_url="admin:exchange_exchangerate_changelist",
            notes=gettext_lazy(
                "How many base-currency units one unit of the currency is worth, at most 6 "
                "decimals, from valid_from on. The base currency always converts at 1."
            ),
        ),
        ImportKind(
            name="shipments",
            label=gettext_lazy("Shipments"),
            columns=SHIPMENT_IMPORT_COLUMNS,
            required=("reference", "direction", "partner_code", "status", "title", "quantity"),
            permissions=("shipments.add_shipment",),
            done_url="shipments:list",
            notes=gettext_lazy(
                "One row per item; the rows with the same reference form one shipment and "
                "must agree on its columns. The date the status needs is required, and a "
                "currency wherever unit_value is not 0. Empty pages and unit_value are 0."
            ),
        ),
    )
}


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in KINDS.values() if user.has_perms(kind.permissions)]


class AnyImportMixin(RoleRequiredMixin):
    """Signed in, and allowed at least one import."""

    def has_permission(self):
        return bool(kinds_for(self.request.user))


class KindMixin(RoleRequiredMixin):
    """The import kind from the URL; its permissions are required."""

    def get_kind(self) -> ImportKind:
        kind = KINDS.get(self.kwargs["kind"])
        if kind is None:
            raise Http404
        return kind

    def get_permission_required(self):
        return self.get_kind().permissions


# Upload -------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or Excel workbook (.xlsx) with a header row."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace existing shipments (--replace)"),
        help_text=gettext_lazy(
            "A reference that exists is replaced: its fields from the file, and all its items."
        ),
        required=False,
    )

    def __init__(self, *args, kind: ImportKind, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if kind.name != "shipments":
            del self.fields["replace"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not file_format(upload.name):
            raise forms.ValidationError(_("Choose a .csv or an .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB; import it with the command instead.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_replace(self):
        replace = self.cleaned_data.get("replace", False)
        if replace and not self.user.has_perm("shipments.change_shipment"):
            raise forms.ValidationError(_("You may not replace shipments."))
        return replace


class ImportIndexView(AnyImportMixin, TemplateView):
    template_name = "imports/import_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=kinds_for(self.request.user), **kwargs)


class ImportUploadView(KindMixin, FormView):
    template_name = "imports/import_form.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.get_kind(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        kind = self.get_kind()
        columns = [(column, column in kind.required) for column in kind.columns]
        pending = PendingImport.objects.filter(user=self.request.user, kind=kind.name)
        return super().get_context_data(
            kind=kind,
            columns=columns,
            pending=pending.only("pk", "file_name", "created_at").order_by("-created_at"),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_LIFETIME).delete()
        pending = PendingImport.objects.create(
            kind=self.get_kind().name,
            file_name=upload.name[-255:],
            content=upload.read(),
            replace=form.cleaned_data.get("replace", False),
            user=self.request.user,
        )
        return redirect("exchange:import_preview", pk=pending.pk)


# Preview and confirmation -------------------------------------------------------------


@dataclass
class PreviewRow:
    number: int
    cells: list[tuple[str, bool]]  # (value, has a problem)
    action: str
    problems: list[str]


ACTION_LABELS = {
    "create": gettext_lazy("New"),
    "update": gettext_lazy("Update"),
    "replace": gettext_lazy("Replace"),
    "unchanged": gettext_lazy("Unchanged"),
}


def preview_rows(pending: PendingImport, kind: ImportKind, result: ImportResult):
    """The rows with a problem (or, without any, the first rows), and how many are left out."""
    problems_by_row: dict[int, list] = {}
    for problem in result.problems:
        if problem.row is not None:
            problems_by_row.setdefault(problem.row, []).append(problem)
    actions = {
        row: ACTION_LABELS[change.action] for change in result.changes for row in change.rows
    }
    candidates = sorted(problems_by_row) if problems_by_row else sorted(actions)
    wanted = set(candidates[:PREVIEW_ROWS])
    hidden = len(candidates) - len(wanted)
    last = max(wanted, default=0)
    rows = []
    try:
        for row in read_rows(io.BytesIO(bytes(pending.content)), pending.file_name, kind.columns):
            if row.number > last:
                break
            if row.number not in wanted:
                continue
            found = problems_by_row.get(row.number, [])
            columns = {problem.column for problem in found}
            rows.append(
                PreviewRow(
                    number=row.number,
                    cells=[(_as_text(row.values[c]), c in columns) for c in kind.columns],
                    action=actions.get(row.number, ""),
                    problems=[f"{p.column}: {p.message}" for p in found],
                )
            )
    except FileProblem:
        pass
    return rows, hidden


def _as_text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else value


class PendingMixin(RoleRequiredMixin):
    """The user's own pending import, and the permissions of its kind."""

    def get_pending(self) -> PendingImport:
        if not hasattr(self, "_pending"):
            self._pending = get_object_or_404(
                PendingImport, pk=self.kwargs["pk"], user=self.request.user
            )
        return self._pending

    def get_permission_required(self):
        return KINDS[self.get_pending().kind].permissions


class ImportPreviewView(PendingMixin, TemplateView):
    template_name = "imports/import_preview.html"

    def get_context_data(self, **kwargs):
        pending = self.get_pending()
        kind = KINDS[pending.kind]
        result = kind.run(
            io.BytesIO(bytes(pending.content)),
            pending.file_name,
            dry_run=True,
            replace=pending.replace,
            user=self.request.user,
        )
        rows, hidden = preview_rows(pending, kind, result)
        return super().get_context_data(
            pending=pending,
            kind=kind,
            result=result,
            file_problems=[str(p) for p in result.problems if p.row is None],
            rows=rows,
            hidden=hidden,
            counts={label: result.count(action) for action, label in ACTION_LABELS.items()},
            **kwargs,
        )


class ImportConfirmView(PendingMixin, View):
    """POST: run the import for real; on a problem (the data changed), preview again."""

    def post(self, request, pk):
        with transaction.atomic():
            pending = (
                PendingImport.objects.select_for_update()
                .filter(pk=self.get_pending().pk, user=request.user)
                .first()
            )
            if pending is None:
                raise Http404
            kind = KINDS[pending.kind]
            result = kind.run(
                io.BytesIO(bytes(pending.content)),
                pending.file_name,
                dry_run=False,
                replace=pending.replace,
                user=request.user,
            )
            if result.written:
                pending.delete()
        if not result.written:
            # The data changed since the preview: show the preview again, with why.
            messages.error(request, result.failure())
            return redirect("exchange:import_preview", pk=pk)
        messages.success(request, result.summary())
        return redirect(kind.done_url)


class ImportCancelView(PendingMixin, View):
    def post(self, request, pk):
        pending = self.get_pending()
        pending.delete()
        messages.info(
            request, _("The upload of “%(file)s” was discarded.") % {"file": pending.file_name}
        )
        return redirect(f"exchange:import_{pending.kind}")


# Templates and exports ----------------------------------------------------------------


class ImportTemplateView(KindMixin, View):
    """An empty file with the header row, to fill in."""

    def get(self, request, kind, fmt):
        if fmt not in CONTENT_TYPES:
            raise Http404
        import_kind = self.get_kind()
        content = table_bytes(
            named_columns(import_kind.columns), [], fmt, title=str(import_kind.label)
        )
        return file_response(content, fmt, f"{import_kind.name}-template.{fmt}")
