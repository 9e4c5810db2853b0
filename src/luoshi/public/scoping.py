"""Who the public pages read as: always the anonymous visitor, whoever is signed in.

The public pages show exactly what `Ledger.objects.visible_to(public_viewer())` and
`Task.objects.visible_to(public_viewer())` give — published ledgers and their tasks labelled 公开
(see `luoshi.ledger.scoping`). They never add a filter of their own and never read as the signed-in
user, so a member of staff sees on /public/ what a citizen sees, and what the public may see is
decided in one place only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser


def public_viewer() -> AnonymousUser:
    """The reader every public page and download is scoped for: an anonymous visitor."""
    return AnonymousUser()
