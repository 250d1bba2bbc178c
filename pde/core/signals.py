"""Sign-ins, sign-outs and failed sign-ins land in the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import record_event


@receiver(user_logged_in, dispatch_uid="pde_audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    record_event("auth.login", user, actor=user)


@receiver(user_logged_out, dispatch_uid="pde_audit_logout")
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event("auth.logout", user, actor=user)


@receiver(user_login_failed, dispatch_uid="pde_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Only the user name is kept; the password never reaches the log.
    record_event(
        "auth.login_failed",
        object_type="core.user",
        object_repr=str(credentials.get("username", ""))[:150],
    )
