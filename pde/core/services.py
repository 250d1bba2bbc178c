"""Writes and rules of the core: audit log, roles, scope checks, entities, users."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles as role_defs
from .middleware import current_request
from .models import AuditChainHead, AuditEntry, PublicEntity, User
from .privacy import redact
from .selectors import user_can_access_entity

GENESIS_HASH = "0" * 64

# --- Audit log --------------------------------------------------------------------


def _canonical(entry: AuditEntry) -> bytes:
    """The bytes an entry's hash covers: every field but the hash itself."""
    payload = {
        "sequence": entry.sequence,
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "ip_address": entry.ip_address,
        "previous_hash": entry.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _json_safe(value: Any) -> Any:
    """Round-trip through JSON so the stored value hashes the same when read back."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def describe(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:255]


def record_event(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: User | None = None,
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one event to the audit log.

    Actor and IP default to the current request's. Private fields in
    ``changes`` are redacted. Appends are serialized on the chain head row
    (SELECT ... FOR UPDATE), so several app servers extend one chain.
    """
    request = current_request()
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if ip_address is None and request is not None:
        ip_address = getattr(request, "client_ip", None)
    if obj is not None:
        object_type, object_id, object_repr = describe(obj)

    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            sequence=head.last_sequence + 1,
            created_at=timezone.now(),
            actor=actor,
            actor_username=actor.get_username() if actor else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=str(object_repr)[:255],
            changes=_json_safe(redact(changes or {})),
            ip_address=ip_address,
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_entry_hash(entry)
        entry.save()
        head.last_sequence, head.last_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def verify_audit_chain(batch_size: int = 2000) -> Iterator[ChainBreak | int]:
    """Walk the chain in order. Yields the count of verified entries as it goes
    (for progress) and a ChainBreak at the first entry that does not hold."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    entries = AuditEntry.objects.order_by("sequence")
    for entry in entries.iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            yield ChainBreak(
                expected_sequence,
                _("falta la entrada %(n)s (eliminada)") % {"n": expected_sequence},
            )
            return
        if entry.previous_hash != expected_previous:
            yield ChainBreak(
                entry.sequence, _("el hash anterior no coincide con la entrada previa")
            )
            return
        if compute_entry_hash(entry) != entry.entry_hash:
            yield ChainBreak(entry.sequence, _("el contenido fue alterado"))
            return
        expected_previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
        if checked % batch_size == 0:
            yield checked
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_sequence != checked or head.last_hash != expected_previous):
        yield ChainBreak(
            checked + 1,
            _("faltan entradas al final de la cadena (la última registrada es la %(n)s)")
            % {"n": head.last_sequence},
        )
        return
    yield checked


# --- Roles and scope ----------------------------------------------------------------


def sync_roles() -> None:
    """Create one group per role and grant it the permissions its patterns match."""
    permissions = list(Permission.objects.select_related("content_type"))
    for role in role_defs.ROLES:
        group, _created = Group.objects.get_or_create(name=role.code)
        wanted = [
            perm
            for perm in permissions
            if role_defs.permission_matches(role, perm.content_type.app_label, perm.codename)
        ]
        group.permissions.set(wanted)


@transaction.atomic
def assign_role(
    user: User, role_code: str, scope: list[PublicEntity] | None = None, *, by: User | None = None
) -> None:
    """Give ``user`` a role; scoped roles need their entes, a data provider exactly one."""
    role = role_defs.ROLES_BY_CODE.get(role_code)
    if role is None:
        raise ValidationError({"role": _("El rol «%(role)s» no existe.") % {"role": role_code}})
    scope = list(scope or [])
    if role.scoped and not scope:
        raise ValidationError(
            {
                "scope_entities": _("El rol «%(role)s» requiere al menos un ente.")
                % {"role": role.name}
            }
        )
    if role.single_entity and len(scope) != 1:
        raise ValidationError(
            {"scope_entities": _("Un ente generador se asigna a un solo ente público.")}
        )
    before = sorted(group.name for group in user.groups.all())
    user.groups.add(Group.objects.get(name=role.code))
    if scope:
        user.scope_entities.add(*scope)
    record_event(
        "user.role_assigned",
        user,
        actor=by,
        changes={
            "before": {"roles": before},
            "after": {"roles": sorted({*before, role.code}), "scope": [e.pk for e in scope]},
        },
    )


def require_entity_access(user: User, entity: PublicEntity | None, obj: models.Model) -> None:
    """Refuse (403) and audit when ``obj`` belongs to an ente outside the user's scope."""
    if entity is None or user_can_access_entity(user, entity):
        return
    deny_access(obj, reason="entity_scope")


def deny_access(obj: models.Model | None, *, reason: str, detail: str = "") -> None:
    """Audit a refused access to a protected object and raise PermissionDenied."""
    record_event("access.denied", obj, changes={"reason": reason, "detail": detail})
    error = PermissionDenied(_("No tiene permiso para consultar este registro."))
    error.audited = True
    raise error


# --- Audited writes -----------------------------------------------------------------

# Never copied into an audit summary, whatever the model.
_UNAUDITED_FIELDS = {"password", "search_text", "updated_at", "created_at", "last_login"}


def _audited_values(obj: models.Model) -> dict[str, Any]:
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.attname not in _UNAUDITED_FIELDS
    }


def save_audited(obj: models.Model, *, by: User | None = None) -> models.Model:
    """Validate, save and audit ``obj`` with the before/after values of what changed.

    Validation errors name the field and nothing is written; the save and its
    audit entry commit together or not at all.
    """
    before: dict[str, Any] = {}
    if obj.pk is not None:
        previous = type(obj)._default_manager.filter(pk=obj.pk).first()
        before = _audited_values(previous) if previous else {}
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        after = _audited_values(obj)
        changed = {key: value for key, value in after.items() if before.get(key) != value}
        verb = "updated" if before else "created"
        record_event(
            f"{obj._meta.model_name}.{verb}",
            obj,
            actor=by,
            changes={
                "before": {key: before.get(key) for key in changed} if before else {},
                "after": changed,
            },
        )
    return obj


def delete_audited(obj: models.Model, *, by: User | None = None) -> None:
    with transaction.atomic():
        record_event(
            f"{obj._meta.model_name}.deleted",
            obj,
            actor=by,
            changes={"before": _audited_values(obj)},
        )
        obj.delete()
