"""Sign-in, the second-factor step, sign-out, password change and authenticator enrolment."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from . import services, totp
from .forms import CodeForm, PasswordChangeForm, SignInForm

NEXT = "luoshi_next"


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    form = SignInForm(request.POST or None)
    refused = False
    if request.method == "POST" and form.is_valid():
        result = services.sign_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
        if result.needs_code:
            request.session[NEXT] = next_url
            return redirect("login_code")
        if not result.refused:
            return redirect(next_url)
        refused = True
    return render(request, "accounts/login.html", {"form": form, "next": next_url, "refused": refused, "refused_message": services.SIGN_IN_REFUSED})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code_view(request):
    if services.pending_user(request) is None:
        messages.warning(request, "请先输入用户名和密码。")
        return redirect("login")
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = services.verify_code(request, form.cleaned_data["code"])
        if not result.refused:
            return redirect(_safe_next(request, request.session.pop(NEXT, None)))
        if services.pending_user(request) is None:  # locked now: start again, same message as ever
            messages.error(request, services.SIGN_IN_REFUSED)
            return redirect("login")
        error = "动态口令不正确或已使用过，请输入验证器上当前显示的 6 位数字。"
    return render(request, "accounts/login_code.html", {"form": form, "error": error})


def logout_view(request):
    """POST only (a link or an image cannot sign anyone out); the server-side session is deleted."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "请使用页面上的“退出”按钮退出登录。", content_type="text/plain; charset=utf-8")
    services.sign_out(request)
    messages.success(request, "您已安全退出。")
    return redirect(settings.LOGOUT_REDIRECT_URL)


logout_view = csrf_protect(logout_view)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
@never_cache
def password_change_view(request):
    forced = bool(request.session.get(services.MUST_CHANGE))
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # stays signed in, with a new session key
        request.session[services.MUST_CHANGE] = False
        messages.success(request, "密码已修改。")
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced, "policy": form.policy_help()})


@sensitive_post_parameters("code")
@login_required
@never_cache
def totp_view(request):
    profile = services.profile_of(request.user)
    if profile and profile.totp_enabled:
        return render(request, "accounts/totp.html", {"enabled": True})
    secret = services.enrolment_secret(request.session)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(request, request.user, form.cleaned_data["code"]):
            messages.success(request, "动态口令已启用：以后登录时，输入密码后还需输入验证器上的 6 位数字。")
            return redirect(settings.LOGIN_REDIRECT_URL)
        error = "动态口令不正确：请确认密钥输入无误、手机时间准确，再输入当前显示的 6 位数字。"
    context = {
        "enabled": False,
        "required": bool(request.session.get(services.NEEDS_TOTP)),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "uri": totp.provisioning_uri(secret, request.user.get_username()),
        "form": form,
        "error": error,
    }
    return render(request, "accounts/totp.html", context)
