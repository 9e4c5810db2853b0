"""/api/me: who the API takes the caller for, so a script can check its token."""

from ninja import Router

from . import permissions
from .schemas import ErrorOut, MeOut

router = Router(tags=["账号"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="当前调用者",
            description="令牌或网页登录所代表的账号及其角色。")
def me(request):
    user = request.user
    token = getattr(request, "api_token", None)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "roles": permissions.roles_of(user),
        "token": f"{token.prefix}…" if token else None,
    }
