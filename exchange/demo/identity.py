"""The library's identity and its people as the demo presents them: the National
Library of China's public postal address, and the demo users' names and titles."""

from django.contrib.auth import get_user_model

from exchange.core.models import LibraryIdentity, UserPreference

# username: (first name, last name, Chinese name, title, Chinese title)
PEOPLE = {
    "staff": ("Fang", "Wang", "王芳", "Exchange Librarian", "交换馆员"),
    "head": ("Hua", "Li", "李华", "Head of Section", "组长"),
    "admin": ("Wei", "Zhang", "张伟", "Systems Librarian", "系统馆员"),
}


def name_demo_users() -> None:
    """The names and titles letters sign with, for demo users that have none yet."""
    for user in get_user_model().objects.filter(username__in=PEOPLE, first_name=""):
        first, last, name_zh, title, title_zh = PEOPLE[user.username]
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
        UserPreference.objects.update_or_create(
            user=user, defaults={"name_zh": name_zh, "title": title, "title_zh": title_zh}
        )


def ensure_identity() -> None:
    """The library's identity, unless an administrator has filled it in already."""
    if LibraryIdentity.objects.exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PEOPLE)}
    identity = LibraryIdentity.default()
    identity.department = "International Exchange Section"
    identity.department_zh = "国际交换组"
    identity.postal_address = (
        "33 Zhongguancun South Street\nHaidian District, Beijing 100081\nChina"
    )
    identity.postal_address_zh = "中国北京市海淀区中关村南大街33号\n邮政编码 100081"
    identity.email = "exchange@example.org"
    identity.dispatch_note_signatory = users.get("staff")
    identity.acknowledgement_signatory = users.get("staff")
    identity.claim_signatory = users.get("head")
    identity.save()
