"""Reads of the core: entities, scope, users, audit log."""

from django.db import DatabaseError, connection
from django.db.models import Q, QuerySet

from . import roles as role_defs
from .models import AuditEntry, PublicEntity, User
from .text import normalize_text


def user_roles(user: User) -> list[role_defs.Role]:
    if not user.is_authenticated:
        return []
    codes = {group.name for group in user.groups.all()}
    return [role for role in role_defs.ROLES if role.code in codes]


def has_unscoped_access(user: User) -> bool:
    """Superusers and every non-scoped role see all entes; scoped roles only their own."""
    if user.is_superuser:
        return True
    return any(not role.scoped for role in user_roles(user) if role.code != role_defs.DECLARANT)


def search_entities(
    query: str = "", *, kind: str = "", order: str = "", include_inactive: bool = False
) -> QuerySet[PublicEntity]:
    entities = PublicEntity.objects.select_related("parent")
    if not include_inactive:
        entities = entities.filter(active=True)
    if kind:
        entities = entities.filter(kind=kind)
    if order:
        entities = entities.filter(order_of_government=order)
    for term in normalize_text(query).split():
        entities = entities.filter(Q(search_text__contains=term) | Q(inegi_code=term))
    return entities.order_by("name")


def municipalities() -> QuerySet[PublicEntity]:
    return PublicEntity.objects.filter(kind=PublicEntity.Kind.MUNICIPALITY).order_by("inegi_code")


def entities_in_scope(user: User) -> QuerySet[PublicEntity]:
    """The entes whose data ``user`` may see."""
    if not user.is_authenticated:
        return PublicEntity.objects.none()
    if has_unscoped_access(user):
        return PublicEntity.objects.all()
    return user.scope_entities.all()


def user_can_access_entity(user: User, entity: PublicEntity) -> bool:
    if not user.is_authenticated:
        return False
    if has_unscoped_access(user):
        return True
    return user.scope_entities.filter(pk=entity.pk).exists()


def entity_staff(entity: PublicEntity) -> QuerySet[User]:
    return (
        User.objects.filter(entity=entity, is_active=True)
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "username")
    )


def filter_audit_log(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_username__icontains=actor)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries.order_by("-sequence")


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False
