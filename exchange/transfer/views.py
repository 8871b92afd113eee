"""Imports in the web UI (upload → preview → confirm), import templates, and exports.

The uploaded file is kept in the database (`PendingImport`) between the preview and
the confirmation, so any host can confirm it. Nothing is written before the
confirmation: the preview is the import's dry run, and confirming runs the very
import the command runs.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import CONTENT_TYPES, named_columns, table_bytes
from exchange.core.views import file_response
from exchange.transfer.import_jobs import is_long, start_import_job
from exchange.transfer.kinds import KINDS, ImportKind, kinds_for
from exchange.transfer.limits import Limits
from exchange.transfer.models import ENCODING_CHOICES, PendingImport
from exchange.transfer.pending import (
    pending_confirm,
    pending_create,
    pending_preview,
    preview_again,
)
from exchange.transfer.reading import file_format


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
        help_text=gettext_lazy("CSV or Excel workbook (.xlsx) with a header row."),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        initial="utf-8",
        required=False,
        help_text=gettext_lazy(
            "UTF-8 unless the file was saved by a Chinese spreadsheet program in GB18030. "
            "Nothing is guessed: the preview shows the rows as read."
        ),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace existing shipments (--replace)"),
        help_text=gettext_lazy(
            "A reference that exists is replaced: its fields from the file, and all its items."
        ),
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for replacing"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Needed to replace a shipment that was dispatched or received (administrators "
            "only); kept in its history."
        ),
    )

    def __init__(self, *args, kind: ImportKind, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if kind.name != "shipments":
            del self.fields["replace"]
            del self.fields["reason"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not file_format(upload.name):
            raise forms.ValidationError(_("Choose a .csv or an .xlsx file."))
        limit = Limits.from_settings().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": limit // (1024 * 1024)}
            )
        return upload

    def clean_encoding(self):
        return self.cleaned_data.get("encoding") or "utf-8"

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
        columns = kind.described_columns()
        pending = PendingImport.objects.filter(user=self.request.user, kind=kind.name)
        return super().get_context_data(
            kind=kind,
            columns=columns,
            pending=pending.only("pk", "file_name", "created_at").order_by("-created_at"),
            limits=Limits.from_settings(),
            **kwargs,
        )

    def form_valid(self, form):
        pending = pending_create(
            kind=self.get_kind().name,
            upload=form.cleaned_data["file"],
            user=self.request.user,
            encoding=form.cleaned_data["encoding"],
            replace=form.cleaned_data.get("replace", False),
            reason=form.cleaned_data.get("reason", ""),
            preview_now=False,
        )
        if is_long(pending):  # read by a job, whose page leads to the preview
            job = start_import_job(self.request.user, pending, confirm=False)
            return redirect("jobs:detail", pk=job.pk)
        preview_again(pending, user=self.request.user)
        return redirect("exchange:import_preview", pk=pending.pk)


# Preview and confirmation -------------------------------------------------------------


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
        return super().get_context_data(
            pending=pending,
            kind=KINDS[pending.kind],
            preview=pending_preview(pending, user=self.request.user),
            **kwargs,
        )


class ImportConfirmView(PendingMixin, View):
    """POST: run the import for real; on a problem (the data changed), preview again."""

    def post(self, request, pk):
        pending = self.get_pending()
        if is_long(pending):
            job = start_import_job(request.user, pending, confirm=True)
            return redirect("jobs:detail", pk=job.pk)
        try:
            result = pending_confirm(pending=pending, user=request.user)
        except PendingImport.DoesNotExist as error:
            raise Http404 from error
        if not result.written:
            messages.error(request, result.failure())
            return redirect("exchange:import_preview", pk=pk)
        messages.success(request, result.summary())
        return redirect(KINDS[pending.kind].done_url)


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
            named_columns([*import_kind.columns, *import_kind.optional]),
            [],
            fmt,
            title=str(import_kind.label),
        )
        return file_response(content, fmt, f"{import_kind.name}-template.{fmt}")
