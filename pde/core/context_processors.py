from django.conf import settings

from .navigation import entries_for
from .selectors import user_roles


def platform(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "institution_name": settings.PDE_INSTITUTION_NAME,
        "institution_acronym": settings.PDE_INSTITUTION_ACRONYM,
        "nav_entries": entries_for(user) if user is not None else [],
        "user_roles": user_roles(user) if user is not None else [],
    }
