"""Signing in and out, failed-attempt lockout, password changes and resets, the second factor.

Each function owns its transaction and writes its audit row in it (`luoshi.audit.services.record`).
Sign-in failures give one answer whatever went wrong, so a caller cannot tell an unknown user
name, a wrong password and a locked account apart.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from luoshi.audit.context import RequestInfo, current_request_info, reset_request_info, set_request_info
from luoshi.audit.middleware import user_role
from luoshi.audit.services import record

from . import totp
from .models import AccountProfile, LoginThrottle

SIGN_IN_REFUSED = "用户名或密码不正确，或账号已被暂时锁定"

# Session keys.
LOGIN_AT = "luoshi_login_at"
LAST_SEEN = "luoshi_last_seen"
MUST_CHANGE = "luoshi_must_change_password"
NEEDS_TOTP = "luoshi_needs_totp"
PENDING_USER = "luoshi_pending_user"
PENDING_BACKEND = "luoshi_pending_backend"
PENDING_AT = "luoshi_pending_at"
ENROL_SECRET = "luoshi_totp_enrol_secret"
PENDING_SECONDS = 300


class AccountError(Exception):
    """A refusal with a Chinese message for the person or the console."""


@dataclass(frozen=True)
class SignInResult:
    user: object | None = None
    needs_code: bool = False

    @property
    def refused(self) -> bool:
        return self.user is None


def policy(name: str):
    return getattr(settings, name)


@contextmanager
def acting_as(user):
    """Audit rows written inside carry `user`'s role (the request's was read before sign-in)."""
    info = current_request_info()
    token = set_request_info(RequestInfo(ip=info.ip, role=user_role(user)))
    try:
        yield
    finally:
        reset_request_info(token)


@contextmanager
def _console_role():
    """Outside a request (the console) the row's role says so; inside one it is the requester's."""
    info = current_request_info()
    token = set_request_info(RequestInfo(ip=info.ip, role=info.role or "console"))
    try:
        yield
    finally:
        reset_request_info(token)


def profile_of(user) -> AccountProfile | None:
    return AccountProfile.objects.filter(user=user).first()


def totp_required_for(user) -> bool:
    """Office and administrator accounts, when the deployment sets LUOSHI_REQUIRE_TOTP."""
    if not policy("LUOSHI_REQUIRE_TOTP"):
        return False
    from .roles import TOTP_ROLES, principal

    return user.is_superuser or bool(principal(user).roles & TOTP_ROLES)


# ---- signing in ---------------------------------------------------------------------------------

def sign_in(request, username: str, password: str) -> SignInResult:
    """Check the password; on success either sign in or, with a second factor, wait for the code."""
    username = (username or "").strip()[:150]
    clean_throttles_now_and_then()
    user = auth.authenticate(request, username=username, password=password)  # hashes even for unknown names
    with transaction.atomic():
        throttle = LoginThrottle.objects.select_for_update().filter(username=username).first()
        if _locked(throttle):
            _refuse(username, user, "账号锁定期间的登录尝试")
            return SignInResult()
        if user is None:
            _count_failure(username, None, "用户名或密码错误")
            return SignInResult()
        profile = profile_of(user)
        if profile and profile.totp_enabled:
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = user.backend
            request.session[PENDING_AT] = timezone.now().timestamp()
            return SignInResult(user=user, needs_code=True)
        _clear_failures(throttle)
        _complete(request, user)
    return SignInResult(user=user)


def pending_user(request):
    """The user who gave the right password and owes a code, if that was less than five minutes ago."""
    pk, started = request.session.get(PENDING_USER), request.session.get(PENDING_AT)
    if pk is None or started is None or timezone.now().timestamp() - started > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def verify_code(request, code: str) -> SignInResult:
    user = pending_user(request)
    if user is None:
        return SignInResult()
    username = user.get_username()
    with transaction.atomic():
        throttle = LoginThrottle.objects.select_for_update().filter(username=username).first()
        if _locked(throttle):
            _refuse(username, user, "账号锁定期间的动态口令验证")
            _forget_pending(request)
            return SignInResult()
        profile = AccountProfile.objects.select_for_update().get(user=user)
        step = totp.matching_step(profile.totp_secret, code, timezone.now().timestamp())
        if step is None or step <= profile.totp_last_step:
            locked = _count_failure(username, user, "动态口令错误")
            if locked:
                _forget_pending(request)
            return SignInResult()
        profile.totp_last_step = step
        profile.save(update_fields=["totp_last_step"])
        _clear_failures(throttle)
        user.backend = request.session.get(PENDING_BACKEND) or settings.AUTHENTICATION_BACKENDS[0]
        _complete(request, user)
    return SignInResult(user=user)


def _forget_pending(request) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_AT):
        request.session.pop(key, None)


def _complete(request, user) -> None:
    _forget_pending(request)
    request.session.cycle_key()  # a new session key at every sign-in, also for the same user again
    auth.login(request, user)  # stamps the session (signals.stamp_session)
    with acting_as(user):
        record(user, "auth.login", user, message="登录成功")


def _locked(throttle: LoginThrottle | None) -> bool:
    return bool(throttle and throttle.locked_until and throttle.locked_until > timezone.now())


def _refuse(username: str, user, reason: str) -> None:
    record(user or username, "auth.login_failed", user or _throttle_for(username), message=f"{username}：{reason}", outcome="failure")


def _throttle_for(username: str) -> LoginThrottle:
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
    return throttle


def _count_failure(username: str, user, reason: str) -> bool:
    """One more failure for this user name; the one that reaches the limit locks it. True if locked now."""
    now = timezone.now()
    throttle = _throttle_for(username)
    window = timedelta(minutes=policy("LUOSHI_LOCKOUT_WINDOW_MINUTES"))
    if throttle.first_failure_at is None or now - throttle.first_failure_at > window:
        throttle.failures, throttle.first_failure_at = 0, now
    throttle.failures += 1
    threshold = policy("LUOSHI_LOCKOUT_THRESHOLD")
    subject = user or throttle
    record(user or username, "auth.login_failed", subject, message=f"{username}：{reason}（第 {throttle.failures} 次）", outcome="failure")
    locked = throttle.failures >= threshold
    if locked:
        minutes = policy("LUOSHI_LOCKOUT_MINUTES")
        throttle.locked_until = now + timedelta(minutes=minutes)
        throttle.failures, throttle.first_failure_at = 0, None
        record(user or username, "auth.lockout", subject, message=f"{username}：连续 {threshold} 次登录失败，锁定 {minutes} 分钟", outcome="failure")
    throttle.save()
    return locked


def _clear_failures(throttle: LoginThrottle | None) -> None:
    if throttle is not None and (throttle.failures or throttle.locked_until):
        throttle.failures, throttle.first_failure_at, throttle.locked_until = 0, None, None
        throttle.save()


THROTTLE_CLEANUP_SECONDS = 3600
_last_throttle_cleanup: float | None = None  # per process: the sign-in path cleans at most once an hour


def clean_throttles(now=None) -> int:
    """Delete the failure counts of names that stopped failing: lock over and first failure out of the window.

    Rows for user names nobody tries any more (typos, guesses) would otherwise pile up for ever.
    """
    now = now or timezone.now()
    window_start = now - timedelta(minutes=policy("LUOSHI_LOCKOUT_WINDOW_MINUTES"))
    lock_over = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    counting_over = Q(first_failure_at__isnull=True) | Q(first_failure_at__lt=window_start)
    deleted, _ = LoginThrottle.objects.filter(lock_over & counting_over).delete()
    return deleted


def clean_throttles_now_and_then() -> None:
    """`clean_throttles` from the sign-in path, at most once per THROTTLE_CLEANUP_SECONDS in this process."""
    global _last_throttle_cleanup
    now = timezone.now()
    if _last_throttle_cleanup is not None and now.timestamp() - _last_throttle_cleanup < THROTTLE_CLEANUP_SECONDS:
        return
    _last_throttle_cleanup = now.timestamp()
    clean_throttles(now)


def stamp_new_session(session, user) -> None:
    """Start time for the timeouts, and what the account must do before anything else."""
    now = timezone.now().timestamp()
    session[LOGIN_AT] = now
    session[LAST_SEEN] = now
    profile = profile_of(user)
    session[MUST_CHANGE] = bool(profile and profile.must_change_password)
    session[NEEDS_TOTP] = not (profile and profile.totp_enabled) and totp_required_for(user)


def sign_out(request, reason: str = "") -> None:
    """Audit, then end the session on the server (its row is deleted) and in the browser."""
    user = request.user
    if user.is_authenticated:
        with transaction.atomic(), acting_as(user):
            record(user, "auth.logout", user, message=reason or "退出登录")
    auth.logout(request)


# ---- passwords ----------------------------------------------------------------------------------

def change_password(user, new_password: str) -> None:
    """The owner's change (the form has checked the old password and the policy)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        profile, _ = AccountProfile.objects.select_for_update().get_or_create(user=user)
        profile.must_change_password = False
        profile.password_changed_at = timezone.now()
        profile.save(update_fields=["must_change_password", "password_changed_at"])
        with acting_as(user):
            record(user, "auth.password_change", user, message="本人修改密码")


def one_time_password(user=None) -> str:
    """A random 16-character password that passes the policy; shown once, changed at first sign-in."""
    alphabet = {
        "upper": "ABCDEFGHJKLMNPQRSTUVWXYZ", "lower": "abcdefghijkmnpqrstuvwxyz", "digit": "23456789", "symbol": "!@#%*-_+=?",
    }
    everything = "".join(alphabet.values())
    while True:
        chars = [secrets.choice(group) for group in alphabet.values()]
        chars += [secrets.choice(everything) for _ in range(12)]
        secrets.SystemRandom().shuffle(chars)
        candidate = "".join(chars)
        try:
            password_validation.validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate


def reset_password(actor, user) -> str:
    """An administrator gives `user` a one-time password; returns it. Signs the user out everywhere."""
    password = one_time_password(user)
    with transaction.atomic(), _console_role():
        user.set_password(password)  # changes the session hash: the user's open sessions end
        user.save(update_fields=["password"])
        profile, _ = AccountProfile.objects.select_for_update().get_or_create(user=user)
        profile.must_change_password = True
        profile.save(update_fields=["must_change_password"])
        LoginThrottle.objects.filter(username=user.get_username()).update(failures=0, first_failure_at=None, locked_until=None)
        record(actor, "auth.password_reset", user, message=f"管理员重置 {user.get_username()} 的密码，须在下次登录时修改")
    return password


ADMIN_ROLE_OPTIONS = {"system": "system_admin", "security": "security_admin", "audit": "audit_admin"}


def create_admin(username: str, actor=None, *, role: str = "system_admin", jurisdiction_name: str = "") -> tuple[object, str]:
    """One of the three administrators (三员分立), never a superuser, with a one-time password.

    The security administrator needs the jurisdiction it labels and grants roles in.
    """
    from luoshi.units.models import Jurisdiction

    from .grants import GrantError, grant_role
    from .roles import ADMIN_ROLES, UserRole

    User = get_user_model()
    username = (username or "").strip()
    role = ADMIN_ROLE_OPTIONS.get(role, role)
    if role not in ADMIN_ROLES:
        raise AccountError(f"角色“{role}”不是管理员角色，应为 system（系统管理员）、security（安全管理员）或 audit（审计管理员）")
    if not username:
        raise AccountError("请给出用户名")
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as err:
        raise AccountError(f"用户名 {username} 不合规：只能包含字母、数字和 @ . + - _，且不超过 150 个字符") from err
    jurisdiction = None
    if UserRole(role).scope_kind == "jurisdiction":
        jurisdiction = Jurisdiction.objects.filter(name=(jurisdiction_name or "").strip()).first()
        if jurisdiction is None:
            raise AccountError(f"安全管理员须指定已有的辖区（--jurisdiction），“{jurisdiction_name or '未填写'}”不存在")
    with transaction.atomic(), _console_role():
        if User.objects.filter(username=username).exists():
            raise AccountError(f"用户名 {username} 已存在，未做任何修改")
        user = User(username=username, is_staff=False, is_superuser=False)
        password = one_time_password(user)
        user.set_password(password)
        user.save()
        AccountProfile.objects.create(user=user, must_change_password=True)
        label = UserRole(role).label
        record(actor, "account.create", user, after={"username": username, "role": role, "is_superuser": False},
               message=f"新建{label}账号 {username}（一次性密码，首次登录须修改）")
        try:
            grant_role(actor, user, role, jurisdiction=jurisdiction, console=True)
        except GrantError as err:
            raise AccountError(str(err)) from None
    return user, password


# ---- second factor ------------------------------------------------------------------------------

def enrolment_secret(session) -> str:
    """The secret being enrolled in this session (a new one on first sight)."""
    if not session.get(ENROL_SECRET):
        session[ENROL_SECRET] = totp.new_secret()
    return session[ENROL_SECRET]


def confirm_totp(request, user, code: str) -> bool:
    """The first code from the app proves the secret was copied right; only then is it kept."""
    secret = request.session.get(ENROL_SECRET)
    step = totp.matching_step(secret, code, timezone.now().timestamp()) if secret else None
    if step is None:
        return False
    with transaction.atomic():
        profile, _ = AccountProfile.objects.select_for_update().get_or_create(user=user)
        profile.totp_secret, profile.totp_confirmed_at, profile.totp_last_step = secret, timezone.now(), step
        profile.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        with acting_as(user):
            record(user, "auth.totp_enable", user, message="启用动态口令（双因素认证）")
    request.session.pop(ENROL_SECRET, None)
    request.session[NEEDS_TOTP] = False
    return True
