"""What every letter shares: its language, the library's letterhead and the signatory.

A letter is in the language of the contact it is addressed to where the application
has that language (Chinese or English), else in English; `?language=` gives the other
version one click away. The page around it stays in the user's language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import get_language_info

from exchange.core.bilingual import in_language
from exchange.core.models import LibraryIdentity, UserPreference

LANGUAGE_PARAMETER = "language"


def letter_language(contact, requested: str = "") -> str:
    """The requested language if the application has it, else the contact's preferred
    one where it has that, else English."""
    codes = [code for code, _name in settings.LANGUAGES]
    if requested in codes:
        return requested
    preferred = (contact.language if contact else "").lower()
    for code in codes:
        if code.split("-")[0] == preferred:
            return code
    return "en"


@dataclass(frozen=True)
class Signatory:
    name: str
    name_zh: str
    title: str
    title_zh: str

    @property
    def shown_name(self) -> str:
        return in_language(self.name, self.name_zh)

    @property
    def shown_title(self) -> str:
        return in_language(self.title, self.title_zh)


def signatory(user_id: int | None) -> Signatory | None:
    """The name and title letters sign with: the account's full name (else its user
    name) and the title kept with the user's preferences."""
    if user_id is None:
        return None
    user = get_user_model().objects.select_related("preference").filter(pk=user_id).first()
    if user is None:
        return None
    try:
        profile = user.preference
    except UserPreference.DoesNotExist:
        profile = UserPreference(user=user)
    return Signatory(
        name=user.get_full_name() or user.get_username(),
        name_zh=profile.name_zh,
        title=profile.title,
        title_zh=profile.title_zh,
    )


def letter_context(request, contact, kind: str, fallback_signatory=None) -> dict:
    """The language, the other language's link, the library and the signatory of a
    letter of `kind` (a LetterKind); `fallback_signatory` (a user) signs when the
    library names nobody for that kind, else the user printing it."""
    language = letter_language(contact, request.GET.get(LANGUAGE_PARAMETER, ""))
    return {
        "letter_language": language,
        "letter_versions": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "current": code == language,
            }
            for code, _name in settings.LANGUAGES
        ],
        **shared_letter_context(request, kind, fallback_signatory),
    }


def shared_letter_context(request, kind: str, fallback_signatory=None) -> dict:
    """What letters of `kind` printed together share, each in its own language: the
    library, the day and the signatory (as `letter_context` chooses them)."""
    identity = LibraryIdentity.current()
    signer = identity.signatory_id(kind) or getattr(fallback_signatory, "pk", None)
    return {
        "letter_library": identity,
        "letter_today": timezone.localdate(),
        "letter_signatory": signatory(signer or request.user.pk),
    }
