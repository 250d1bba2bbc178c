from django import template

from ..roles import ROLES_BY_CODE

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """A role's Spanish name from its group code; other group names pass through."""
    role = ROLES_BY_CODE.get(code)
    return str(role.name) if role else code
