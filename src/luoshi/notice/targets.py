"""Find the quantified targets (量化目标) in a task's text.

A target is a number with a unit that the task promises: `地区生产总值增长7%左右`,
`新增贷款500亿元以上`, `不良贷款率控制在2%以内`, `100%围档`. Conventions, chosen once:

- **indicator**: what is counted, read from the clause before the number with leading fillers
  (其中, 力争, 确保, 实现, dates) and the trailing change/comparator word (增长, 达到, 提高到, 控制在,
  降低, 超 …) removed; those live in `comparator` and `direction`. Action verbs that say what is
  counted stay: `新增“浙江制造”标准`, `完成拆违`, `城镇新增就业`. When the number comes before
  the counted thing (`处置30家“僵尸企业”`, `100%围档`), the words after the unit are appended:
  `处置“僵尸企业”`, `建筑工地施工现场围档`. In a list sharing one verb (`新增A 50个、B 100个`)
  the verb is repeated on each item: `新增A`, `新增B` (across a comma only between targets with
  the same kind of unit, so `新建学校5所,总投资10亿元` gives `总投资`); items with no number of their own
  (`高新技术产业投资、生态环境和公共设施投资均增长15%以上`) share the next item's target. Quotes
  and brackets stay in indicators.
- **comparator**: a word after the number wins (以上 `>=`, 以内/以下 `<=`, 左右 `~`, 多/余 `>=`),
  else a word before it (see `PREFIX_COMPARATORS`), else `=`. A range `3—5个` is read as its
  lower bound with `>=`. `降至/降到/降低到 X` is read as `<=` (a ceiling), `提高到/达到 X` as `=`.
- **direction**: `reduction` when the target removes or cuts something (降低, 减少, 淘汰, 处置,
  拆违, 消化 …, see `REDUCTION_WORDS`), when lower is better (失业率, 浓度 …) or when the comparator
  is `<=`; `level` for 稳定在/保持/涨幅 and for `~` without a growth verb; otherwise `growth`.
  For `100%+verb` targets only the words after the number count (`拆除工程100%采用湿法作业` is growth).
- **not targets**: anything inside “…”, 《…》 or brackets (except a bracket starting with 其中),
  years, dates, ages, durations unless bounded (`最多100天`, `不少于3个月` are targets, `三年行动`
  is not), grades (`5A级`), editions (`第17届`), versions (`2.0版`), numbers glued to letters
  (`PM2.5`, `G60`), Chinese-numeral slogans (`最多跑一次`, `十大工程`, `三支队伍`), and qualifiers
  of another number (`投资超20亿元重大产业项目20个`: only 20个 is a target) or of a noun
  (`亩均税收1万元以下的企业`).
- **parent**: a target in a clause starting with 其中 (or a `(其中…)` bracket) points to the last
  target before it in the same sentence that is not itself a 其中 part.
- **span**: [start, end) of `text` in the input, from the indicator's first character to the
  comparator word (or to the counted thing when it follows the unit).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from .model import Target
from .numbers import apply_multiplier, parse_chinese_number

# ---------------------------------------------------------------------------------------------
# Comparator tables
# ---------------------------------------------------------------------------------------------

SUFFIX_COMPARATORS: dict[str, str] = {
    "及以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "左右": "~",
    "上下": "~",
}
APPROXIMATE_MARKS: dict[str, str] = {"多": ">=", "余": ">="}  # 100多家, 1万余人
PREFIX_COMPARATORS: dict[str, str] = {
    "超过": ">=", "超": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=", "最少": ">=", "高于": ">=",
    "多于": ">=", "突破": ">=", "逾": ">=", "最低": ">=",
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "低于": "<=", "少于": "<=", "最多": "<=",
    "最高": "<=", "控制在": "<=", "控制到": "<=", "压缩至": "<=", "压缩到": "<=", "压减至": "<=",
    "压减到": "<=", "缩短至": "<=", "缩短到": "<=", "降低至": "<=", "降低到": "<=", "下降至": "<=",
    "下降到": "<=", "降至": "<=", "降到": "<=",
    "约": "~", "大约": "~", "近": "~", "将近": "~",
}
# Adverbs that may stand a short verb away from their number: 至少建立1个, 最多跑3次.
DISTANT_COMPARATORS: dict[str, str] = {
    "至少": ">=", "最少": ">=", "不少于": ">=", "不低于": ">=", "最多": "<=", "不超过": "<=", "不多于": "<=",
}
COMPARATORS: tuple[str, ...] = (">=", "<=", "~", "=")

# Words that let a duration (天, 个月, 年 …) be a target rather than a period: 最多100天.
DURATION_LICENSES: tuple[str, ...] = (
    "不少于", "不超过", "不多于", "不低于", "至少", "最多", "最长", "最短", "控制在", "压缩至", "压缩到",
    "缩短至", "缩短到", "压减至", "压减到", "减少至", "减少到", "降至", "降到", "少于", "多于", "超过",
)

# ---------------------------------------------------------------------------------------------
# Word tables
# ---------------------------------------------------------------------------------------------

# Verbs that say what is counted; kept in the indicator and shared along a list.
ACTION_VERBS: tuple[str, ...] = (
    "新增", "新建", "新改建", "改建", "改扩建", "扩建", "新建改造", "新建成", "建设", "建成", "完成",
    "培育", "新培育", "引进", "实施", "创建", "创成", "打造", "改造", "改造提升", "整治", "整治提升",
    "处置", "淘汰", "推出", "组织", "设立", "开工建设", "开工", "优化", "打通", "撤并", "提升",
    "拓展", "消化", "启动", "增加", "开展", "落地", "规划建设", "举办", "招引", "认定", "建立",
    "开通", "安排", "培训", "解决", "帮扶", "扶持", "提供", "发放", "筹集", "拆除", "拆违", "关停",
    "化解", "清理", "消除", "治理", "修复", "更新", "种植", "造林", "开设", "举行", "救助", "资助",
    "招录", "招聘", "吸引", "带动", "转移", "培养", "评选", "选派", "新开", "开行", "评定", "接待",
    "推广", "推进", "发展", "收储", "出让", "增设", "设置", "配备", "再开发", "召开", "组建", "新招",
)
# Words between the indicator and the number that are not part of the indicator.
CHANGE_WORDS: tuple[str, ...] = (
    "增长", "增加到", "增加至", "提高到", "提高至", "提高", "提升到", "提升至", "达到", "增至", "增到",
    "控制在", "控制到", "稳定在", "保持在", "维持在", "降低到", "降低至", "降低", "下降到", "下降至",
    "下降", "降至", "降到", "减少到", "减少至", "减少", "缩短到", "缩短至", "压缩到", "压缩至",
    "压减到", "压减至", "压减", "超过", "不低于", "不少于", "不超过", "不高于", "不多于", "高于",
    "低于", "多于", "少于", "至少", "最多", "最高", "最低", "大约", "将近", "突破", "分别", "逾",
    "同比", "比上年", "较上年", "比去年", "较去年",
)
# Single characters stripped at the end of an indicator unless the character before makes a word.
_GUARDED_TAIL: dict[str, str] = {
    "超": "",
    "达": "发到抵传下通表雷马直转送",
    "约": "签契预节履违公制条合邀特相",
    "近": "附就最接邻靠亲贴将",
    "为": "作成认行因以称更较极视广难",
    "在": "存现正所实内外自旨潜",
    "均": "平人户亩年日月地",
    "再": "",
    "的": "",
}
LEADING_FILLERS: tuple[str, ...] = (
    "其中", "力争", "争取", "努力", "确保", "实现", "并且", "同时", "另外", "此外", "全年",
    "年内", "今年", "当年", "年底前", "年底", "到年底",
)
REDUCTION_WORDS: tuple[str, ...] = (
    "降低", "下降", "降至", "降到", "减少", "减负", "压减", "削减", "压缩", "缩短", "淘汰", "处置", "消除",
    "消灭", "消化", "拆违", "拆除", "撤并", "化解", "关停", "关闭", "清退", "取缔", "清零", "腾退",
    "精简", "下调", "去除", "减排", "降耗", "清理",
)
LOWER_IS_BETTER: tuple[str, ...] = (
    "失业率", "不良贷款率", "不良率", "浓度", "能耗", "排放量", "排放强度", "发生率", "死亡率",
    "死亡人数", "亡人", "事故起数", "负债率", "赤字率", "亏损", "发案",
)
LEVEL_WORDS: tuple[str, ...] = ("稳定在", "保持在", "维持在", "稳定", "保持", "维持", "涨幅", "持平", "同步")
GROWTH_WORDS: tuple[str, ...] = (
    "增长", "提高", "提升", "增加", "新增", "达到", "扩大", "增收", "新建", "建成", "完成", "引进", "培育",
)

# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------

DURATION_UNITS = frozenset({"年", "个月", "月", "天", "日", "周", "小时", "分钟", "个工作日", "工作日", "秒"})
_BASE_UNITS: tuple[str, ...] = (
    "个百分点", "百分点", "个工作日", "工作日", "个月", "小时", "分钟", "平方公里", "平方千米", "平方米",
    "立方米", "公里", "千米", "公顷", "千瓦时", "千瓦", "兆瓦", "千克", "公斤", "千伏", "微克", "毫克",
    "人次", "户次", "车次", "架次", "场次", "批次", "标准箱", "标箱", "课时", "学时",
    "%", "‰", "个", "家", "所", "座", "辆", "列", "条", "处", "项", "件", "人", "户", "套", "间", "张",
    "场", "次", "批", "名", "位", "只", "头", "株", "棵", "台", "部", "架", "艘", "宗", "块", "片", "栋",
    "幢", "根", "支", "种", "类", "本", "册", "份", "篇", "期", "例", "起", "美元", "欧元", "港元", "元", "吨",
    "亩", "米", "倍",
    "门", "趟", "轮", "克", "年", "月", "天", "日", "周", "秒",
)
_RATE_UNITS: tuple[str, ...] = (
    "立方米", "平方米", "平方公里", "公里", "千米", "吨", "元", "人", "户", "家", "亩", "年", "月", "天",
    "日", "小时", "床", "辆", "个",
)
# Units a Chinese numeral may carry and still be a target (三十六个, 两千人); 三支队伍 is not.
_CHINESE_NUMERAL_UNITS = frozenset({
    "个", "家", "所", "座", "辆", "列", "条", "处", "项", "件", "人", "名", "户", "套", "场", "次", "位",
    "个百分点", "百分点", "倍", "公里", "亩", "吨", "元", "平方米", "人次", "%",
}) | DURATION_UNITS
# The next character that turns a unit into the start of another word: 3列入, 5条例, 10处理.
_UNIT_STOPS: dict[str, str] = {
    "列": "入为车", "条": "件例款", "处": "理置于在室长级", "所": "有在属得以谓", "场": "所景馆地面",
    "项": "目", "家": "庭长属", "人": "民员大", "次": "要序生", "名": "单称牌义", "期": "间限刊",
    "部": "门署分", "片": "区", "种": "植子", "类": "似型", "批": "准复", "起": "草点步诉始来",
    "位": "于置居列", "头": "部等", "本": "地土市级科届", "门": "户槛类诊", "元": "素旦", "台": "阶账风湾",
    "米": "粮", "支": "持付出部", "根": "据本", "块": "钱",
}

_AR = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,15}(?!\d))(?:\.\d{1,8})?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN = r"(?<![%s])[零〇一二两三四五六七八九十](?:[%s]{0,20}[零〇一二两三四五六七八九十百千])?" % (_CN_CHARS, _CN_CHARS)


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_CANDIDATE = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十])"  # lets the engine skip quickly to possible numbers
    rf"(?<![\dA-Za-z.])(?P<num>{_AR}|{_CN})"
    rf"(?:%?(?P<sep>[—–\-~至到])(?P<num2>{_AR}|{_CN}))?"
    rf"(?= ?(?:万|亿|千|百|[多余]?(?:{_alternation(_BASE_UNITS)})))"
    rf" ?(?P<mult>万亿|千万|百万|亿|万|千|百)?(?P<approx>[多余])?(?P<base>{_alternation(_BASE_UNITS)})?"
    rf"(?P<rate>/(?:万|千|百|十)?(?:{_alternation(_RATE_UNITS)}))?"
    rf"(?P<suffix>{_alternation(SUFFIX_COMPARATORS)})?"
)
_HAS_NUMBER = re.compile(r"[\d零〇一二两三四五六七八九十]")
_STRUCTURE = re.compile(r'[“”‘’"《》〈〉()\[\]【】「」『』〔〕,;。、:!?\n|\t]')
_OPENERS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "(": ")", "[": "]", "【": "】", "「": "」", "『": "』", "〔": "〕"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_SENTENCE_ENDS = frozenset("。;!?\n|\t")  # a table cell bar ends a sentence too
_CLAUSE_ENDS = frozenset(",:")
_BOUNDARY_AFTER = frozenset(",;。、:!?)\n|\t ") | {""}

_PREFIX_AT_END = re.compile(
    r"(?:(?<![签契预节履违公制条合邀特相])约|(?<![附就最接邻靠亲贴将])近|"
    + _alternation(w for w in PREFIX_COMPARATORS if w not in ("约", "近"))
    + r")$"
)
_DISTANT_AT_END = re.compile(r"(?:" + _alternation(DISTANT_COMPARATORS) + r")[\u4e00-\u9fff]{1,4}$")
_LICENSE_AT_END = re.compile(r"(?:" + _alternation(DURATION_LICENSES) + r")$")
_ACTION_AT_START = re.compile(_alternation(ACTION_VERBS))
_ACTION_AT_END = re.compile(r"(?:" + _alternation(ACTION_VERBS) + r")$")
_VERBISH = re.compile(_alternation(ACTION_VERBS + CHANGE_WORDS + LEADING_FILLERS + REDUCTION_WORDS + ("增长", "达", "再")))
_LEADING = re.compile(
    r"(?:\s+|[、,:;]|\d{1,3}[.、](?!\d)|\d{1,2}\.(?=\d{1,2}月)|\(\d{1,3}\)|[一二三四五六七八九十]{1,3}、"
    r"|(?:到|至|于|在)?\d{4}年(?:底|末|初)?前?|(?:到|至|于|在)?\d{1,2}月(?:\d{1,2}日)?(?:底|末|份|中旬|上旬|下旬)?前?"
    r"|并(?![购网入联轨])|" + _alternation(LEADING_FILLERS) + r")"
)
_TAIL_REVERSED = re.compile(
    r"(?:\s|[、,:;]|"
    + _alternation(word[::-1] for word in CHANGE_WORDS)
    + "|"
    + "|".join(
        re.escape(char) + (f"(?![{re.escape(guard)}])" if guard else "") for char, guard in _GUARDED_TAIL.items()
    )
    + ")"
)
_REDUCTION = re.compile(_alternation(REDUCTION_WORDS))
_LOWER_BETTER = re.compile(_alternation(LOWER_IS_BETTER))
_LEVEL = re.compile(_alternation(LEVEL_WORDS))
_GROWTH = re.compile(_alternation(GROWTH_WORDS))

# Traditional characters the word tables need, mapped one to one so offsets stay valid.
_VIEW_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_VIEW_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0xFF5E: ord("~")})
_VIEW_TABLE.update(str.maketrans(
    "萬億兩個條處項場輛臺間張噸畝頃戶歲屆級內過達長減實現設進穩壓縮標準約於為規劃務總產區縣發開邊數機業對從後圍爭確並時當將別創組織優違關閉擴啟動舉辦認訓種類冊塊棟週鐘課學門輪車隻頭漲濃負債虧維簡騰締應樣",
    "万亿两个条处项场辆台间张吨亩顷户岁届级内过达长减实现设进稳压缩标准约于为规划务总产区县发开边数机业对从后围争确并时当将别创组织优违关闭扩启动举办认训种类册块栋周钟课学门轮车只头涨浓负债亏维简腾缔应样",
))

_NEEDS_VIEW = re.compile("[" + re.escape("".join(chr(code) for code in _VIEW_TABLE)) + "]")


@dataclass
class _Candidate:
    start: int
    end: int  # after unit and suffix comparator
    value: float
    unit: str
    comparator: str
    duration: bool


@dataclass
class _Item:
    start: int
    end: int
    sentence: int
    clause: int


def extract_targets(text: str) -> list[Target]:
    """List the quantified targets of one task's text, in text order, so progress can be measured."""
    if not isinstance(text, str) or not _HAS_NUMBER.search(text):
        return []
    view = text.translate(_VIEW_TABLE) if _NEEDS_VIEW.search(text) else text
    matches = list(_CANDIDATE.finditer(view))
    if not matches:
        return []
    masked, qizhong_brackets, separators = _structure(view)
    starts = [start for start, _ in masked]
    candidates = [c for c in (_candidate(view, text, m, starts, masked) for m in matches) if c is not None]
    if not candidates:
        return []
    items = _items(view, separators, qizhong_brackets)
    return _build(view, text, items, candidates, qizhong_brackets)


# ---------------------------------------------------------------------------------------------
# Structure: quotes and brackets, sentences, clauses, list items
# ---------------------------------------------------------------------------------------------


def _structure(view: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, str]]]:
    """Return masked regions, `(其中…)` brackets, and separators outside masked regions."""
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    ascii_quote: int | None = None
    tokens = [(m.start(), m.group()) for m in _STRUCTURE.finditer(view)]
    for pos, char in tokens:
        if char == '"':
            if ascii_quote is None:
                ascii_quote = pos
            else:
                regions.append((ascii_quote, pos + 1))
                ascii_quote = None
        elif char in _OPENERS:
            if len(stack) < 64:
                stack.append((char, pos))
        elif char in _CLOSERS:
            opener = _CLOSERS[char]
            for depth in range(len(stack) - 1, max(len(stack) - 9, -1), -1):
                if stack[depth][0] == opener:
                    regions.append((stack[depth][1], pos + 1))
                    del stack[depth:]
                    break
    regions.sort()
    qizhong: list[tuple[int, int]] = []
    masked: list[tuple[int, int]] = []
    outer_end = -1
    outer_is_qizhong = False
    for start, end in regions:
        if start >= outer_end:  # an outermost region
            outer_end = end
            outer_is_qizhong = view[start] in "([【" and view.startswith("其中", start + 1)
            if outer_is_qizhong:
                qizhong.append((start, end))
            else:
                masked.append((start, end))
        elif outer_is_qizhong and (not masked or start >= masked[-1][1]) and start > qizhong[-1][0]:
            masked.append((start, end))  # a quote inside (其中…)
    masked.sort()
    separators: list[tuple[int, str]] = []
    starts = [start for start, _ in masked]
    for pos, char in tokens:
        if char in _SENTENCE_ENDS or char in _CLAUSE_ENDS or char == "、":
            if not _inside(starts, masked, pos):
                separators.append((pos, char))
    return masked, qizhong, separators


def _inside(starts: list[int], regions: list[tuple[int, int]], pos: int) -> bool:
    at = bisect.bisect_right(starts, pos) - 1
    return at >= 0 and regions[at][0] <= pos < regions[at][1]


def _items(view: str, separators: list[tuple[int, str]], qizhong: list[tuple[int, int]]) -> list[_Item]:
    """Cut the text into list items, numbering their sentence and clause."""
    cuts: list[tuple[int, int, str]] = []  # (position, width, kind)
    for pos, char in separators:
        kind = "sentence" if char in _SENTENCE_ENDS else "clause" if char in _CLAUSE_ENDS else "item"
        cuts.append((pos, 1, kind))
    for start, end in qizhong:
        cuts.append((start, 1, "clause"))
        cuts.append((end - 1, 1, "clause"))
    cuts.sort()
    items: list[_Item] = []
    sentence = clause = 0
    pos = 0
    for cut, width, kind in cuts:
        if cut >= pos:
            items.append(_Item(pos, cut, sentence, clause))
        pos = max(pos, cut + width)
        if kind == "sentence":
            sentence += 1
            clause += 1
        elif kind == "clause":
            clause += 1
    items.append(_Item(pos, len(view), sentence, clause))
    return items


# ---------------------------------------------------------------------------------------------
# Candidates: a number with a unit that is not a date, a name or a grade
# ---------------------------------------------------------------------------------------------


def _candidate(view: str, text: str, m: re.Match, starts: list[int], masked: list[tuple[int, int]]) -> _Candidate | None:
    base, mult = m.group("base"), m.group("mult")
    if not base and not mult:
        return None
    start = m.start("num")
    if _inside(starts, masked, start) or view[start - 1 : start] == "第":
        return None
    num = m.group("num")
    chinese = not num[0].isdigit()
    value = parse_chinese_number(num)
    if value is None or not math.isfinite(value):
        return None
    following = view[m.end("base") : m.end("base") + 1] if base else ""
    if following and base in _UNIT_STOPS and following in _UNIT_STOPS[base]:
        return None
    tail = view[max(0, start - 12) : start]
    suffix = m.group("suffix")
    duration = bool(base) and base in DURATION_UNITS and not mult
    if duration and not (_LICENSE_AT_END.search(tail) or suffix in ("以内", "以上", "以下", "之内")):
        return None
    if chinese:
        if base not in _CHINESE_NUMERAL_UNITS and not (mult and not base):
            return None
        if num == "一" and not m.group("sep") and not mult:
            return None  # 一次办结, 一杆多用, 最多跑一次: slogans, not targets
        after = view[m.end() : m.end() + 1]
        if after and after in _CN_CHARS:
            return None  # 六个一, 三个一: a slogan
        if not (after in _BOUNDARY_AFTER or suffix or _ACTION_AT_END.search(tail) or _PREFIX_AT_END.search(tail)):
            return None
    if m.group("sep"):
        comparator = ">="
    elif suffix:
        comparator = SUFFIX_COMPARATORS[suffix]
    elif m.group("approx"):
        comparator = APPROXIMATE_MARKS[m.group("approx")]
    else:
        prefix = _PREFIX_AT_END.search(tail)
        distant = None if prefix else _DISTANT_AT_END.search(tail)
        if prefix:
            comparator = PREFIX_COMPARATORS[prefix.group()]
        elif distant:
            word = next(w for w in sorted(DISTANT_COMPARATORS, key=len, reverse=True) if distant.group().startswith(w))
            comparator = DISTANT_COMPARATORS[word]
        else:
            comparator = "="
    end = m.end()
    if duration and not suffix and view[end : end + 1] == "内":
        end += 1  # 压缩至3个工作日内: the bound is already licensed, 内 closes it
    unit = "".join(text[m.start(g) : m.end(g)] for g in ("mult", "base", "rate") if m.group(g))
    return _Candidate(start, end, value, unit, comparator, duration)


# ---------------------------------------------------------------------------------------------
# Targets: indicators, shared verbs, 其中 parts, directions
# ---------------------------------------------------------------------------------------------


def _build(view: str, text: str, items: list[_Item], candidates: list[_Candidate], qizhong: list[tuple[int, int]]) -> list[Target]:
    item_starts = [item.start for item in items]
    by_item: dict[int, list[_Candidate]] = {}
    for cand in candidates:
        at = bisect.bisect_right(item_starts, cand.start) - 1
        by_item.setdefault(at, []).append(cand)
    qizhong_starts = {start + 1 for start, _ in qizhong}

    targets: list[Target] = []
    sentence = clause = -1
    shared_verb: str | None = None
    verb_clause, verb_kind = -1, ""
    last_main: int | None = None  # last target of the sentence that is not a 其中 part
    in_qizhong = False
    sentence_qizhong = False
    clause_has_target = True
    merged_start: int | None = None
    for index, item in enumerate(items):
        if item.sentence != sentence:
            sentence, shared_verb, last_main, sentence_qizhong = item.sentence, None, None, False
            clause = -1
        if item.clause != clause:
            if not clause_has_target:
                shared_verb = None
            clause, clause_has_target, merged_start = item.clause, False, None
            head = _skip_space(view, item.start, item.end)
            in_qizhong = sentence_qizhong or view.startswith("其中", head) or item.start in qizhong_starts
            if view[head : item.end].strip() == "其中":
                sentence_qizhong = True
        cands = by_item.get(index)
        if not cands:
            if merged_start is None:
                merged_start = item.start
            continue
        clause_has_target = True
        seg_start = merged_start if merged_start is not None else item.start
        merged_start = None
        kept = _drop_qualifiers(view, cands)
        previous_end = seg_start
        for position, cand in enumerate(kept):
            last = position == len(kept) - 1
            target, own_verb, verbish = _target(view, text, previous_end, cand, item.end if last else cand.end)
            previous_end = cand.end
            kind = _unit_kind(target.base_unit)
            if own_verb:
                shared_verb, verb_clause, verb_kind = own_verb, item.clause, kind
            elif verbish:
                shared_verb = None
            elif (
                shared_verb
                and not in_qizhong
                and target.indicator
                and target.span[1] == cand.end
                and (item.clause == verb_clause or kind == verb_kind not in ("money", "percent"))
            ):
                verb_clause = item.clause
                target.indicator = shared_verb + target.indicator
                target.direction = _direction(shared_verb + view[target.span[0] : cand.start], "", target.indicator, target.unit, target.comparator)
            if in_qizhong:
                target.parent = last_main
            else:
                last_main = len(targets)
            targets.append(target)
    return targets


def _unit_kind(base_unit: str) -> str:
    """Money, percent, or the unit itself: a verb is shared across a comma only between like targets."""
    if base_unit.endswith("元"):
        return "money"
    if base_unit in ("%", "‰", "百分点", "个百分点"):
        return "percent"
    return base_unit


def _skip_space(view: str, pos: int, end: int) -> int:
    while pos < end and view[pos] in " \t":
        pos += 1
    return pos


def _drop_qualifiers(view: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Drop numbers that qualify a noun or another number: 超20亿元重大产业项目20个, 1万元以下的企业."""
    kept = []
    for i, cand in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and not _VERBISH.search(view, cand.end, nxt.start):
            continue
        bounded = view[cand.end - 2 : cand.end] in ("以上", "以下", "以内") or cand.comparator == ">=" and view[cand.start - 1 : cand.start] == "超"
        if bounded and view[cand.end : cand.end + 1] == "的":
            continue
        kept.append(cand)
    return kept


def _target(view: str, text: str, pre_start: int, cand: _Candidate, item_end: int) -> tuple[Target, str | None, bool]:
    """Build one target; also report the action verb it starts with and whether it has any verb."""
    raw_pre = view[pre_start : cand.start]
    verbish = bool(_VERBISH.search(raw_pre))
    start = pre_start
    while start < cand.start:
        m = _LEADING.match(view, start, cand.start)
        if not m or m.end() == start:
            break
        start = m.end()
    core_end = cand.start - _tail_length(view[start : cand.start])
    post_start = cand.end
    post_end = item_end
    while post_end > post_start and view[post_end - 1] in " \t":
        post_end -= 1
    while post_start < post_end and view[post_start] in " \t的":
        post_start += 1
    post = text[post_start:post_end] if post_end > post_start else ""
    core = text[start:core_end]
    if post and core.endswith("的"):
        core = core[:-1]
    indicator = core + post
    span_start = start if start < cand.start else cand.start
    span_end = post_end if post else cand.end
    own = _ACTION_AT_START.match(view, start, core_end) if core_end > start else None
    target = Target(
        text=text[span_start:span_end],
        indicator=indicator,
        comparator=cand.comparator,
        value=cand.value,
        unit=cand.unit,
        base_value=0.0,
        base_unit="",
        direction=_direction(raw_pre, view[post_start:post_end] if post else "", indicator, cand.unit, cand.comparator),
        span=(span_start, span_end),
    )
    target.base_value, target.base_unit = apply_multiplier(cand.value, cand.unit)
    return target, own.group() if own else None, verbish


def _tail_length(pre: str) -> int:
    """How many characters at the end of `pre` are change words, comparators or punctuation."""
    reversed_pre = pre[::-1]
    pos = 0
    while pos < len(reversed_pre):
        m = _TAIL_REVERSED.match(reversed_pre, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos


def _direction(pre: str, post: str, indicator: str, unit: str, comparator: str) -> str:
    """Say whether the target raises, cuts or holds its indicator."""
    predicate = post if post and unit in ("%", "‰") else pre + post
    if _REDUCTION.search(predicate):
        return "reduction"
    if _LOWER_BETTER.search(indicator) or comparator == "<=":
        return "reduction"
    if _LEVEL.search(predicate):
        return "level"
    if comparator == "~" and not _GROWTH.search(predicate):
        return "level"
    return "growth"
