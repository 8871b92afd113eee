"""What every capability's pages share: lists that filter, forms saved by services,
files to download."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from exchange.core.tables import CONTENT_TYPES


class FilteredListMixin:
    """A FilterView that always filters (so the default sort applies) and ignores
    invalid filters instead of emptying the list; their errors show on the form."""

    strict = False
    paginate_by = 50
    default_sort = ""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["default_sort"] = self.default_sort
        return context


class ServiceFormMixin:
    """A create or update view whose object the form does not save itself: `save_with`
    hands it, unsaved, to the capability's service. A refusal (ValidationError) is shown
    on the form; success is a message (`success_message` % the cleaned data) and a
    redirect, as with SuccessMessageMixin."""

    success_message = ""

    def save_with(self, obj, user):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save_with(form.save(commit=False), self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        message = self.get_success_message(form.cleaned_data)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_message(self, cleaned_data) -> str:
        return self.success_message % cleaned_data if self.success_message else ""


def file_response(content, fmt: str, filename: str) -> HttpResponseBase:
    """A download: `content` as bytes, a binary file read from where it stands (a
    workbook in a temporary file, sent in blocks and then closed) or an iterator of
    bytes (a CSV written as it is sent)."""
    content_type = CONTENT_TYPES[fmt]
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment(filename)
    return response


def plain_character(character: str) -> bool:
    return character.isascii() and character.isprintable() and character not in '"\\'


def attachment(filename: str) -> str:
    """A download's Content-Disposition (RFC 6266). A name of plain ASCII is given as
    it is; any other (Chinese, quotes, a line break from a partner's code) as UTF-8
    (`filename*`) with, for older clients, an ASCII form where such characters are "_"."""
    plain = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    if plain == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


@require_safe
def favicon(request) -> HttpResponseRedirect:
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin's)."""
    return HttpResponseRedirect(static("img/favicon.svg"))
