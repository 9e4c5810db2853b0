"""The system administrator's work on accounts: create, deactivate and reactivate, reset, unlock.

Rules kept here and nowhere else:
- only a holder of `account.manage` (the system administrator) acts, never on their own account;
- never on an account holding one of the three administrator roles (三员分立): those are reset from
  the server's console (`manage.py resetpassword`), so that no administrator can take over another;
- each change is one transaction with its audit row; each refusal is itself audited ("denied") and
  raised as AccountError with a Chinese message, nothing changed.
Roles are not given here: that is the security administrator's (`accounts.grants`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import record

from .models import AccountProfile, LoginThrottle, RoleGrant
from .roles import ADMIN_ROLES, Capability, can
from .services import AccountError, one_time_password, reset_password

CONSOLE_HINT = "管理员账号（三员分立）只能在服务器上用 manage.py resetpassword 等命令处理"
FULL_NAME_MAX = 150


def is_admin_account(user) -> bool:
    """Holds an administrator role (or is a Django superuser): not managed from the web."""
    return bool(user.is_superuser or RoleGrant.objects.filter(user=user, role__in=[r.value for r in ADMIN_ROLES]).exists())


def refusal(actor, user) -> str:
    """Why `actor` may not act on `user` ("" when they may)."""
    if not can(actor, Capability.ACCOUNT_MANAGE):
        return "只有系统管理员可以管理账号"
    if getattr(actor, "pk", None) == user.pk:
        return "不能对自己的账号执行此操作，请由另一位系统管理员处理或在服务器上用命令处理"
    if is_admin_account(user):
        return CONSOLE_HINT
    return ""


def _check(actor, user, action: str) -> None:
    reason = refusal(actor, user)
    if reason:
        with transaction.atomic():
            record(actor, action, user, message=f"拒绝：{reason}", outcome="denied")
        raise AccountError(reason)


def create_account(actor, username: str, full_name: str) -> tuple[object, str]:
    """A business account without roles (the security administrator grants them), with a one-time password."""
    User = get_user_model()
    username, full_name = (username or "").strip(), (full_name or "").strip()
    if not can(actor, Capability.ACCOUNT_MANAGE):
        with transaction.atomic():
            record(actor, "account.create", None, after={"username": username[:150]}, message="拒绝：只有系统管理员可以新建账号",
                   outcome="denied")
        raise AccountError("只有系统管理员可以新建账号")
    if not username:
        raise AccountError("用户名：请填写用户名")
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError:
        raise AccountError("用户名：只能包含字母、数字和 @ . + - _，且不超过 150 个字符") from None
    if not full_name:
        raise AccountError("姓名：请填写姓名（如“市建设局 陈科员”）")
    if len(full_name) > FULL_NAME_MAX:
        raise AccountError(f"姓名：不能超过 {FULL_NAME_MAX} 个字符")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(f"用户名：{username} 已存在，未做任何修改")
        user = User(username=username, first_name=full_name, is_staff=False, is_superuser=False)
        password = one_time_password(user)
        user.set_password(password)
        user.save()
        AccountProfile.objects.create(user=user, must_change_password=True)
        record(actor, "account.create", user, after={"username": username, "full_name": full_name, "is_superuser": False},
               message=f"新建账号 {username}（{full_name}），一次性密码，首次登录须修改")
    return user, password


def end_sessions(user) -> int:
    """Delete every server-side session of `user`; returns how many ended."""
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            doomed.append(session.session_key)
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def deactivate_account(actor, user) -> None:
    """The account can no longer sign in, and its open sessions end now."""
    _check(actor, user, "account.deactivate")
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise AccountError(f"{locked.get_username()} 已是停用状态，未做任何修改")
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        ended = end_sessions(locked)
        record(actor, "account.deactivate", locked, before={"is_active": True}, after={"is_active": False},
               message=f"停用账号 {locked.get_username()}，结束其 {ended} 个会话")
    user.is_active = False


def activate_account(actor, user) -> None:
    _check(actor, user, "account.activate")
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise AccountError(f"{locked.get_username()} 已是启用状态，未做任何修改")
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        record(actor, "account.activate", locked, before={"is_active": False}, after={"is_active": True},
               message=f"重新启用账号 {locked.get_username()}")
    user.is_active = True


def reset_account_password(actor, user) -> str:
    """A one-time password, shown once; the user's sessions end and the next sign-in forces a change."""
    _check(actor, user, "auth.password_reset")
    return reset_password(actor, user)


def reset_second_factor(actor, user) -> None:
    """Forget the authenticator (a lost phone): the user enrols again at the next sign-in where required."""
    _check(actor, user, "auth.totp_reset")
    with transaction.atomic():
        profile = AccountProfile.objects.select_for_update().filter(user=user).first()
        if profile is None or not profile.totp_enabled:
            raise AccountError(f"{user.get_username()} 没有启用动态口令，未做任何修改")
        profile.totp_secret, profile.totp_confirmed_at, profile.totp_last_step = "", None, 0
        profile.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        record(actor, "auth.totp_reset", user, before={"totp_enabled": True}, after={"totp_enabled": False},
               message=f"重置 {user.get_username()} 的动态口令，须重新绑定验证器")


def unlock_account(actor, user) -> None:
    """End a lockout now (the person called and proved who they are)."""
    _check(actor, user, "auth.unlock")
    with transaction.atomic():
        throttle = LoginThrottle.objects.select_for_update().filter(username=user.get_username()).first()
        if throttle is None or not (throttle.locked_until and throttle.locked_until > timezone.now()):
            raise AccountError(f"{user.get_username()} 没有被锁定，未做任何修改")
        before = {"locked_until": throttle.locked_until.isoformat(), "failures": throttle.failures}
        throttle.delete()
        record(actor, "auth.unlock", user, before=before, after={"locked_until": None},
               message=f"解除 {user.get_username()} 的登录锁定")


def account_rows(users, *, actor) -> list[dict]:
    """What the account list shows per user, in a fixed number of queries."""
    users = list(users)
    names = [u.get_username() for u in users]
    now = timezone.now()
    locked = dict(LoginThrottle.objects.filter(username__in=names, locked_until__gt=now).values_list("username", "locked_until"))
    profiles = {p.user_id: p for p in AccountProfile.objects.filter(user__in=users)}
    grants: dict[int, list[RoleGrant]] = {}
    for grant in RoleGrant.objects.filter(user__in=users).select_related("jurisdiction", "unit", "leader"):
        grants.setdefault(grant.user_id, []).append(grant)
    rows = []
    for user in users:
        held = grants.get(user.pk, [])
        profile = profiles.get(user.pk)
        admin = user.is_superuser or any(g.role in ADMIN_ROLES for g in held)
        rows.append({
            "user": user,
            "grants": held,
            "locked_until": locked.get(user.get_username()),
            "totp": bool(profile and profile.totp_enabled),
            "must_change": bool(profile and profile.must_change_password),
            "is_admin": admin,
            "is_self": user.pk == getattr(actor, "pk", None),
            "manageable": not admin and user.pk != getattr(actor, "pk", None),
        })
    return rows

