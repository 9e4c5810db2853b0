"""The administrators' pages: accounts (system administrator) and role grants (security administrator).

Every page requires its capability (403 otherwise); every change posts to one service call in
`admin_services` or `grants`, whose Chinese refusal comes back on the page with nothing changed.
One-time passwords are rendered once in the POST's answer (never cached, never stored).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from luoshi.ledger.models import Leader
from luoshi.units.models import Jurisdiction, Unit
from luoshi.units.services import find_unit

from . import admin_services
from .grants import CONSOLE_ONLY_ROLES, GrantError, grant_role, revoke_role
from .models import RoleGrant
from .roles import ADMIN_ROLES, Capability, UserRole, jurisdictions_where, require
from .services import AccountError

PAGE_SIZE = 50
User = get_user_model()


def _search(users, q: str):
    q = q.strip()[:150]
    return users.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)) if q else users


# ---- accounts (system administrator) ---------------------------------------------------------------


def _accounts_page(request, *, error: str = "", values: dict | None = None, status: int = 200):
    q = request.GET.get("q", "")
    users = _search(User.objects.order_by("username"), q)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": admin_services.account_rows(page.object_list, actor=request.user),
        "page": page,
        "q": q,
        "error": error,
        "values": values or {"username": "", "full_name": ""},
        "console_hint": admin_services.CONSOLE_HINT,
        "nav_active": "accounts",
    }
    return render(request, "accounts/manage/accounts.html", context, status=status)


@login_required
@require_GET
def account_list(request):
    require(request.user, Capability.ACCOUNT_MANAGE)
    return _accounts_page(request)


def _once(request, user, password: str, *, created: bool):
    """The one-time password, in this answer only."""
    response = render(request, "accounts/manage/password_once.html",
                      {"account": user, "password": password, "created": created, "nav_active": "accounts"})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
@never_cache
def account_create(request):
    require(request.user, Capability.ACCOUNT_MANAGE)
    values = {"username": request.POST.get("username", "")[:200], "full_name": request.POST.get("full_name", "")[:200]}
    try:
        user, password = admin_services.create_account(request.user, values["username"], values["full_name"])
    except AccountError as err:
        return _accounts_page(request, error=str(err), values=values, status=400)
    return _once(request, user, password, created=True)


def _account(request, pk) -> object:
    require(request.user, Capability.ACCOUNT_MANAGE)
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404("账号不存在")
    return user


def _back(request):
    return redirect("account_list")


ACCOUNT_ACTIONS = {
    "deactivate": (admin_services.deactivate_account, "已停用 {name}，其已登录的会话已全部结束"),
    "activate": (admin_services.activate_account, "已重新启用 {name}"),
    "totp": (admin_services.reset_second_factor, "已重置 {name} 的动态口令，其下次登录时须重新绑定验证器"),
    "unlock": (admin_services.unlock_account, "已解除 {name} 的登录锁定"),
}


@login_required
@require_POST
def account_action(request, pk, action: str):
    user = _account(request, pk)
    if action not in ACCOUNT_ACTIONS:
        raise Http404("没有这项操作")
    service, done = ACCOUNT_ACTIONS[action]
    try:
        service(request.user, user)
    except AccountError as err:
        messages.error(request, f"{user.get_username()}：{err}")
    else:
        messages.success(request, done.format(name=user.get_username()))
    return _back(request)


@login_required
@require_POST
@never_cache
def account_password(request, pk):
    user = _account(request, pk)
    try:
        password = admin_services.reset_account_password(request.user, user)
    except AccountError as err:
        messages.error(request, f"{user.get_username()}：{err}")
        return _back(request)
    return _once(request, user, password, created=False)


# ---- role grants (security administrator) ----------------------------------------------------------


def _covered(user):
    """The jurisdictions where `user` grants roles (a queryset)."""
    require(user, Capability.ROLE_ASSIGN)
    where = jurisdictions_where(user, Capability.ROLE_ASSIGN)
    jurisdictions = Jurisdiction.objects.order_by("level", "name")
    return jurisdictions if where is None else jurisdictions.filter(id__in=where)


def _grants_in(jurisdictions):
    ids = list(jurisdictions.values_list("id", flat=True))
    return RoleGrant.objects.filter(Q(jurisdiction__in=ids) | Q(unit__jurisdiction__in=ids) | Q(leader__jurisdiction__in=ids))


def _grantable_users(jurisdictions):
    """Accounts without any grant, and accounts with a grant in these jurisdictions; never system or audit administrators."""
    console = [role.value for role in CONSOLE_ONLY_ROLES]
    return (
        User.objects.filter(Q(role_grants__isnull=True) | Q(role_grants__in=_grants_in(jurisdictions)))
        .exclude(role_grants__role__in=console)
        .exclude(is_superuser=True)
        .distinct()
        .order_by("username")
    )


def _unit_names(jurisdiction) -> list[str]:
    if jurisdiction is None:
        return []
    return list(Unit.objects.filter(jurisdiction=jurisdiction).canonical().order_by("name").values_list("name", flat=True))


GRANT_FIELDS = ("username", "role", "jurisdiction", "unit", "leader")


def _roles_page(request, *, error: str = "", values: dict | None = None, status: int = 200):
    covered = _covered(request.user)
    q = request.GET.get("q", "")
    users = _search(_grantable_users(covered), q)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = {}
    for grant in _grants_in(covered).filter(user__in=list(page.object_list)).select_related("jurisdiction", "unit", "leader"):
        visible.setdefault(grant.user_id, []).append(grant)
    values = values or {name: "" for name in GRANT_FIELDS}
    if not values.get("username") and request.GET.get("user"):
        values["username"] = request.GET["user"][:150]
    jurisdictions = list(covered)
    chosen = next((j for j in jurisdictions if str(j.pk) == str(values.get("jurisdiction"))), jurisdictions[0] if jurisdictions else None)
    context = {
        "rows": [{"user": user, "grants": visible.get(user.pk, []), "is_self": user.pk == request.user.pk,
                  "is_admin": any(g.role in ADMIN_ROLES for g in visible.get(user.pk, []))} for user in page.object_list],
        "page": page,
        "q": q,
        "error": error,
        "values": values,
        "roles": [(role.value, role.label, role.scope_kind) for role in UserRole if role not in CONSOLE_ONLY_ROLES],
        "jurisdictions": jurisdictions,
        "chosen": chosen,
        "unit_names": _unit_names(chosen),
        "leaders": Leader.objects.filter(jurisdiction__in=jurisdictions).select_related("jurisdiction").order_by("jurisdiction__name", "id"),
        "usernames": list(_grantable_users(covered).exclude(pk=request.user.pk).values_list("username", flat=True)[:500]),
        "nav_active": "roles",
    }
    return render(request, "accounts/manage/roles.html", context, status=status)


@login_required
@require_GET
def role_list(request):
    return _roles_page(request)


@login_required
@require_GET
def role_unit_options(request):
    """The unit datalist for the chosen jurisdiction (htmx swaps it in when the jurisdiction changes)."""
    covered = _covered(request.user)
    raw = request.GET.get("jurisdiction", "")
    jurisdiction = covered.filter(pk=raw).first() if raw.isdigit() else None
    return render(request, "accounts/manage/_unit_options.html", {"unit_names": _unit_names(jurisdiction)})


def _resolve_grant(values: dict) -> tuple[object, str, dict]:
    """The account, role and scope named by the form; AccountError naming the field that is wrong."""
    username = values["username"].strip()
    if not username:
        raise AccountError("账号：请填写要授权的用户名")
    user = User.objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"账号：没有用户名为“{username}”的账号（新账号请由系统管理员先建立）")
    try:
        role = UserRole(values["role"])
    except ValueError:
        raise AccountError("角色：请选择要授予的角色") from None
    kind = role.scope_kind
    scope = {}
    if kind in ("jurisdiction", "unit"):
        raw = values["jurisdiction"]
        jurisdiction = Jurisdiction.objects.filter(pk=raw).first() if raw.isdigit() else None
        if jurisdiction is None:
            raise AccountError("辖区：请选择辖区")
        if kind == "jurisdiction":
            scope["jurisdiction"] = jurisdiction
        else:
            name = values["unit"].strip()
            if not name:
                raise AccountError(f"单位：“{role.label}”须指定单位，请从列表中选择")
            unit = find_unit(jurisdiction, name)
            if unit is None:
                raise AccountError(f"单位：{jurisdiction.name}单位库中没有“{name[:60]}”，请从列表中选择")
            scope["unit"] = unit
    elif kind == "leader":
        raw = values["leader"]
        leader = Leader.objects.filter(pk=raw).first() if raw.isdigit() else None
        if leader is None:
            raise AccountError(f"领导：“{role.label}”须指定领导，请从列表中选择")
        scope["leader"] = leader
    return user, role.value, scope


@login_required
@require_POST
def role_grant(request):
    _covered(request.user)
    values = {name: request.POST.get(name, "")[:200] for name in GRANT_FIELDS}
    try:
        user, role, scope = _resolve_grant(values)
        grant = grant_role(request.user, user, role, **scope)
    except (AccountError, GrantError) as err:
        return _roles_page(request, error=str(err), values=values, status=400)
    messages.success(request, f"已授予 {user.get_username()}“{grant.role_choice.label}”角色（{grant.scope_name}）")
    return redirect("role_list")


@login_required
@require_POST
def role_revoke(request, pk):
    covered = _covered(request.user)
    grant = _grants_in(covered).select_related("user", "jurisdiction", "unit", "leader").filter(pk=pk).first()
    if grant is None:
        raise Http404("该角色授权不存在或不在您负责的辖区")
    name, label, scope = grant.user.get_username(), grant.role_choice.label, grant.scope_name
    try:
        revoke_role(request.user, grant)
    except GrantError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"已撤销 {name} 的“{label}”角色（{scope}）")
    return redirect("role_list")
