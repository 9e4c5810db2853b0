"""Numbering markers (`一、` `(一)` `1.` `(1)` `①`), attachment markers and page furniture.

A line's marker says how deep it sits; which depth holds the tasks is decided per section by the
structure parser (the depth whose items carry units), not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零〇一二三四五六七八九十百"

# Marker kinds from the outermost to the innermost, as Chinese official documents nest them.
PART = "part"  # 第一部分 / 第一章
CN_DUN = "cn_dun"  # 一、
CN_PAREN = "cn_paren"  # (一)
AR_DOT = "ar_dot"  # 1. 1、 1．
DECIMAL = "decimal"  # 1.1 / 2.3 (outline numbering under `1.`)
AR_PAREN = "ar_paren"  # (1) 1)
CIRCLED = "circled"  # ①
DEPTH = {PART: 0, CN_DUN: 1, CN_PAREN: 2, AR_DOT: 3, DECIMAL: 3.5, AR_PAREN: 4, CIRCLED: 5}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (PART, re.compile(rf"^第(?P<num>[{CN_DIGITS}\d]+)(部分|章|篇)\s*")),
    (CN_DUN, re.compile(rf"^(?P<num>[{CN_DIGITS}]+)\s*[、.]\s*")),
    (CN_PAREN, re.compile(rf"^[(](?P<num>[{CN_DIGITS}]+)[)]\s*")),
    (AR_PAREN, re.compile(r"^(?:[(](?P<num>\d{1,3})[)]|(?P<num2>\d{1,3})[)])\s*")),
    (DECIMAL, re.compile(r"^(?P<num>\d{1,2}\.\d{1,2})(?![\d%.万亿千百])\s*(?=[\u4e00-\u9fff“《(])")),
    (AR_DOT, re.compile(r"^(?P<num>\d{1,4})\s*(?:[.、]|\s(?=[\u4e00-\u9fff“《]))(?!\d)\s*")),
    (CIRCLED, re.compile(r"^(?P<num>[①-⑳])\s*")),
]


@dataclass(frozen=True)
class Marker:
    kind: str
    number: str  # as written, without punctuation
    end: int  # offset where the text after the marker starts

    @property
    def depth(self) -> int:
        return DEPTH[self.kind]


_MARKER_START = frozenset("0123456789(第①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + CN_DIGITS + "两")


def find_marker(line: str) -> Marker | None:
    """The numbering marker at the start of a line, if any."""
    if not line or line[0] not in _MARKER_START:
        return None
    for kind, pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            number = match.group("num") or match.groupdict().get("num2") or ""
            return Marker(kind, number, match.end())
    return None


_ATTACHMENT = re.compile(rf"^附\s*件\s*(?P<num>[\d{CN_DIGITS}]*)\s*[::]?\s*(?P<title>.*)$")


def attachment_number(line: str) -> str | None:
    """`附件1` / `附件 2` / `附件:` alone on a line (or `附件1 标题`) starts an attachment."""
    match = _ATTACHMENT.match(line.strip())
    if not match:
        return None
    title = match.group("title")
    if title and (not match.group("num") or re.match(r"^\d{1,2}\s*[.、]", title) or len(title) > 60):
        return None  # `附件:1.…` is the cover's list of attachments
    return match.group("num") or "1"


def attachment_title(line: str) -> str:
    """The title written on the same line as `附件1`, if any."""
    match = _ATTACHMENT.match(line.strip())
    return match.group("title").strip() if match else ""


_FURNITURE = [
    re.compile(p)
    for p in (
        r"^(您所在的位置|当前位置|您现在的位置)",
        r"扫一扫.{0,8}(手机|打开)",
        r"^字号[::]?\s*[\[【]?",
        r"^(打印本页|关闭窗口|打印|关闭|返回顶部|分享到|【打印】|【关闭】|\[打印\]|\[关闭\])",
        r"^-?\s*(设为首页|加入收藏|无障碍阅读|长者版|网站地图|English)\s*$",
        r"^【字体[::]",
        r"^(上一篇|下一篇)[::]",
        r"^(浏览次数|阅读次数|访问量)[::]",
        r"^—\s*\d+\s*—$",
        r"^-\s*\d+\s*-$",
        r"^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$",
        r"(网站标识码|ICP备|公网安备|版权所有|技术支持[::]|网站纠错|责任编辑[::]|相关链接[::]?$|附件下载|【我要纠错】)",
    )
]

_COLOPHON = re.compile(r"^(抄送|抄报|主题词|印发机关)[::]|^.{2,30}\s*\d{4}年\d{1,2}月\d{1,2}日印发$|^\(?共印\d+份\)?$")


def is_colophon(line: str) -> bool:
    """The 版记 at the end of an official document (抄送…, …印发): not part of the task list."""
    return bool(_COLOPHON.search(line.strip()))


_ANY_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in _FURNITURE))


def is_furniture(line: str) -> bool:
    """Web-page or print furniture that carries nothing of the notice."""
    return bool(_ANY_FURNITURE.search(line.strip()))


CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def number_value(number: str) -> int | None:
    """The integer a marker's number stands for (`12`, `十二`, `①`)."""
    if not number:
        return None
    if number.isdigit():
        return int(number)
    if re.fullmatch(r"\d+\.\d+", number):
        return int(number.split(".")[1])
    if len(number) == 1 and "①" <= number <= "⑳":
        return ord(number) - ord("①") + 1
    total, current = 0, 0
    for ch in number:
        if ch in CN_VALUES:
            current = CN_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current
