"""A submitted declaration never changes: any save of one through the ORM is refused,
whoever calls it (services are the first guard; this is the second)."""

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .models import Declaration


class ImmutableDeclaration(PermissionError):
    pass


@receiver(pre_save, sender=Declaration, dispatch_uid="declarations_immutable_save")
def refuse_changes_to_submitted(sender, instance: Declaration, raw=False, **kwargs) -> None:
    if raw or instance._state.adding:
        return
    stored = Declaration.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored == Declaration.Status.SUBMITTED:
        raise ImmutableDeclaration("A submitted declaration never changes.")


@receiver(pre_delete, sender=Declaration, dispatch_uid="declarations_immutable_delete")
def refuse_deleting_submitted(sender, instance: Declaration, **kwargs) -> None:
    stored = Declaration.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored == Declaration.Status.SUBMITTED:
        raise ImmutableDeclaration("A submitted declaration is never deleted.")
