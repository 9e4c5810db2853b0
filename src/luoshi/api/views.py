"""The personal API token page (/accounts/tokens/): list, create (the token is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import TokenForm
from .models import ApiToken


@login_required
@never_cache
def token_list(request):
    """GET lists the user's tokens; POST creates one and shows it on this response only (never stored,
    so it cannot be shown again: no redirect, and the page is not cached)."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_token(request.user, form.cleaned_data["name"])
        except services.TokenError as err:
            form.add_error("name", str(err))
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    tokens = list(ApiToken.objects.visible_to(request.user))
    return render(request, "api/tokens.html", {"form": form, "created": created, "tokens": tokens, "days": services.token_days()})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = ApiToken.objects.visible_to(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("令牌不存在或无权查看")
    try:
        services.revoke_token(request.user, token)
    except services.TokenError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"令牌“{token.name}”已撤销，使用它的请求将被拒绝。")
    return redirect("api_tokens:list")
