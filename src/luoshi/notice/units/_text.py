"""Character-level helpers shared by the unit modules: brackets, separators, traditional forms.

Every helper here keeps offsets: a folded or masked string has the length of its input, so spans
computed on it point into the text the user wrote.
"""

from __future__ import annotations

import re

# Opening bracket → closing bracket. Full-width forms are listed too so that text that skipped
# normalisation still splits correctly; `“”` and `《》` protect their content like brackets do.
BRACKETS: dict[str, str] = {
    "(": ")",
    "[": "]",
    "{": "}",
    "【": "】",
    "“": "”",
    "‘": "’",
    "《": "》",
    "〔": "〕",
    "〈": "〉",
    "「": "」",
    "『": "』",
    "（": "）",
    "［": "］",
}
_CLOSERS = {close: open_ for open_, close in BRACKETS.items()}
_ANY_BRACKET = re.compile("[" + re.escape("".join(BRACKETS) + "".join(_CLOSERS)) + "]")

# Separators that join the names of one run (a shared suffix may be distributed over the run)…
RUN_SEPARATORS = frozenset("、､﹑")
# …and separators that end a run.
LIST_SEPARATORS = frozenset(",;，；\n")
SEPARATORS = RUN_SEPARATORS | LIST_SEPARATORS

# Traditional characters that occur in unit names and in the words this package looks for,
# mapped one-to-one onto their simplified forms. Only used for matching; output keeps the original.
_TRAD_PAIRS = (
    "區区 縣县 鎮镇 鄉乡 辦办 廳厅 會会 黨党 團团 監监 稅税 關关 檢检 驗验 銀银 證证 電电 業业 郵邮 "
    "鐵铁 學学 園园 開开 發发 經经 濟济 揮挥 導导 組组 員员 聯联 務务 農农 衛卫 劃划 資资 報报 視视 "
    "臺台 門门 單单 屬属 級级 協协 紅红 處处 與与 國国 財财 審审 貿贸 總总 婦妇 殘残 僑侨 紀纪 轄辖 "
    "場场 應应 營营 運运 設设 專专 廣广 聞闻 體体 傳传 職职 師师 範范 實实 試试 風风 領领 產产 氣气 "
    "險险 網网 絡络 數数 據据 術术 藝艺 醫医 療疗 執执 館馆 調调 隊队 煙烟 編编 機机 統统 計计"
)
_TRAD = "".join(pair[0] for pair in _TRAD_PAIRS.split())
_SIMP = "".join(pair[1] for pair in _TRAD_PAIRS.split())
_FOLD = str.maketrans(_TRAD, _SIMP)


def fold(text: str) -> str:
    """Simplify the traditional characters this package matches on, so one rule serves both scripts."""
    return text.translate(_FOLD)


def bracket_depth(text: str) -> list[int]:
    """For each character, how many matched bracket pairs enclose it, computed in linear time.

    An opener with no closer (or a closer with no opener) protects nothing, so a stray `(` cannot
    glue the rest of a list into one name. A bracket character itself is at the depth outside it.
    """
    if not _ANY_BRACKET.search(text):
        return [0] * len(text)  # most unit lists have no brackets at all
    stack: list[tuple[str, int]] = []  # (closer expected, index of opener)
    waiting: dict[str, int] = {}  # closer → how many openers on the stack expect it
    diff = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        if char in BRACKETS:
            closer = BRACKETS[char]
            stack.append((closer, index))
            waiting[closer] = waiting.get(closer, 0) + 1
        elif char in _CLOSERS and waiting.get(char):
            # Pop down to the nearest opener of this kind; openers popped on the way stay unmatched.
            while True:
                closer, start = stack.pop()
                waiting[closer] -= 1
                if closer == char:
                    diff[start + 1] += 1
                    diff[index] -= 1
                    break
    depth = []
    level = 0
    for index in range(len(text)):
        level += diff[index]
        depth.append(level)
    return depth


def without_brackets(text: str) -> str:
    """The name with its bracketed qualifiers removed: `市财政(地税)局` → `市财政局`.

    Quotes are not removed: `市“三改一拆”办` would lose its meaning.
    """
    out = []
    depth = 0
    for char in text:
        if char in "([【〔（［":
            depth += 1
        elif char in ")]】〕）］" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out).strip() if depth == 0 else text


def bracket_parts(text: str) -> list[str]:
    """The contents of the top-level round/square brackets of a name, in order."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([【〔（［":
            if depth:
                current.append(char)
            depth += 1
        elif char in ")]】〕）］" and depth:
            depth -= 1
            if depth:
                current.append(char)
            else:
                parts.append("".join(current))
                current = []
        elif depth:
            current.append(char)
    return parts


_ROUND_OR_SQUARE = re.compile("[(\\[【〔（［]")


def has_bracket(text: str) -> bool:
    """Whether the name carries a round/square bracketed qualifier."""
    return bool(_ROUND_OR_SQUARE.search(text))
