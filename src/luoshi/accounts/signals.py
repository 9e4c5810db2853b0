"""Every new signed-in session gets its start time and the account's pending obligations, however it was made."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def stamp_session(sender, request, user, **kwargs):
    from .services import stamp_new_session

    if request is not None and hasattr(request, "session"):
        stamp_new_session(request.session, user)
