"""What a signed-in user may do, read once per request in one query.

Django's ModelBackend reads a user's own permissions and their groups' permissions in
two queries, and the page header's role label read the groups in a third: three
round trips on every page before any of its own work (docs/benchmarks.md, "Where a
page's time goes"). `AccessBackend` reads all three in one and keeps them on the user
object, which lives for one request, so a change of role applies on the next page.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection

# The rows of ACCESS_SQL: a permission of the user's own, one of a group's, a group.
OWN, OF_GROUP, GROUP = "u", "g", "n"


def _access_sql() -> str:
    tables = {
        "permission": Permission._meta.db_table,
        "content_type": ContentType._meta.db_table,
        "user_permissions": User.user_permissions.through._meta.db_table,
        "user_groups": User.groups.through._meta.db_table,
        "group_permissions": Group.permissions.through._meta.db_table,
        "group": Group._meta.db_table,
    }
    return f"""
        SELECT '{OWN}', ct.app_label || '.' || p.codename
        FROM {{permission}} p
        JOIN {{content_type}} ct ON ct.id = p.content_type_id
        JOIN {{user_permissions}} up ON up.permission_id = p.id
        WHERE up.user_id = %s
        UNION ALL
        SELECT '{OF_GROUP}', ct.app_label || '.' || p.codename
        FROM {{permission}} p
        JOIN {{content_type}} ct ON ct.id = p.content_type_id
        JOIN {{group_permissions}} gp ON gp.permission_id = p.id
        JOIN {{user_groups}} ug ON ug.group_id = gp.group_id
        WHERE ug.user_id = %s
        UNION ALL
        SELECT '{GROUP}', g.name
        FROM {{group}} g
        JOIN {{user_groups}} ug ON ug.group_id = g.id
        WHERE ug.user_id = %s
    """.format(**tables)


def load_access(user) -> None:
    """The user's permissions (as ModelBackend caches them) and group names
    (`user._group_names`), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), [user.pk] * 3)
        rows = cursor.fetchall()
    found = {OWN: set(), OF_GROUP: set(), GROUP: set()}
    for kind, name in rows:
        found[kind].add(name)
    user._user_perm_cache = found[OWN]
    user._group_perm_cache = found[OF_GROUP]
    user._perm_cache = found[OWN] | found[OF_GROUP]
    user._group_names = frozenset(found[GROUP])


def group_names(user) -> frozenset[str]:
    """The names of the user's groups, read with their permissions."""
    if not hasattr(user, "_group_names"):
        load_access(user)
    return user._group_names


class AccessBackend(ModelBackend):
    """ModelBackend reading a user's permissions and groups in one query."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj)
        if not hasattr(user_obj, "_perm_cache"):
            load_access(user_obj)
        return user_obj._perm_cache
