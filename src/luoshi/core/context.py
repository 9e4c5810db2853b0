"""Template context shared by every page: the one top navigation."""

from __future__ import annotations

NAVIGATION = [
    ("home", "台账总览", "/"),
    ("tasks", "任务清单", "/tasks/"),
    ("matrix", "责任矩阵", "/matrix/"),
    ("units", "单位库", "/units/"),
    ("leaders", "领导", "/leaders/"),
    ("import", "导入通知", "/import/"),
    ("jurisdictions", "辖区配置", "/jurisdictions/"),
]


def navigation(request):
    path = request.path
    active = next((key for key, _, url in reversed(NAVIGATION) if url != "/" and path.startswith(url)), "home" if path == "/" else "")
    return {"navigation": NAVIGATION, "nav_active": active}
