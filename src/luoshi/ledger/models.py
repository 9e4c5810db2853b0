"""The ledger (台账): a notice's sections, groups, tasks, unit assignments, targets and milestones.

A ledger is created as a draft from an imported notice, corrected by the supervision office and
published. Later issues hang reports, status and scoring off `Task`; `Milestone` is where the
refinement of a task into time nodes will live.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from luoshi.units.models import Jurisdiction, Unit

from .scoping import LeaderQuerySet, LedgerQuerySet, TaskQuerySet


class LedgerStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"

    @property
    def colour(self) -> str:
        return {"draft": "grey", "published": "green"}[self.value]


class Role(models.TextChoices):
    LEAD = "lead", "牵头单位"
    COOPERATING = "cooperating", "配合单位"

    @property
    def colour(self) -> str:
        return {"lead": "red", "cooperating": "blue"}[self.value]


class SecurityLabel(models.TextChoices):
    """Whether a task (later: a report, an attachment) may reach the public: 内部 never does."""

    PUBLIC = "public", "公开"
    INTERNAL = "internal", "内部"

    @property
    def colour(self) -> str:
        return {"public": "green", "internal": "grey"}[self.value]


class AssignmentSource(models.TextChoices):
    TEXT = "text", "通知原文"
    RULE = "rule", "通知规则"
    MANUAL = "manual", "督考办修改"


class SourceFile(models.Model):
    """An uploaded or pasted notice, kept as it came with its SHA-256."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="source_files")
    sha256 = models.CharField(max_length=64, db_index=True)
    filename = models.CharField("文件名", max_length=255)
    format = models.CharField("格式", max_length=10)
    size = models.PositiveIntegerField("大小")
    content = models.BinaryField("原文件")
    # The text as the parser read it, one line per entry, so the draft can be shown beside it.
    lines = models.JSONField("原文行", default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "通知原文"
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "sha256"], name="source_unique_per_jurisdiction")]

    def __str__(self) -> str:
        return self.filename


class Ledger(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="ledgers")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    signed_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=LedgerStatus.choices, default=LedgerStatus.DRAFT)
    source = models.ForeignKey(SourceFile, verbose_name="通知原文", null=True, blank=True, on_delete=models.PROTECT, related_name="ledgers")
    # A county's ledger names the city's ledger whose tasks it takes up.
    parent_ledger = models.ForeignKey("self", verbose_name="上级台账", null=True, blank=True, on_delete=models.SET_NULL, related_name="child_ledgers")
    default_cooperating = models.JSONField("默认配合单位", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = "台账"
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def status_choice(self) -> LedgerStatus:
        return LedgerStatus(self.status)


class Section(models.Model):
    """An attachment of the notice (附件1 重点工作, 附件2 民生实事)."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="sections")
    index = models.PositiveSmallIntegerField("序号")
    title = models.CharField("标题", max_length=300)
    source_line = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["ledger", "index"]
        constraints = [models.UniqueConstraint(fields=["ledger", "index"], name="section_index_unique")]

    def __str__(self) -> str:
        return self.title


class Leader(models.Model):
    """A leader in charge (牵头领导): a mayor or vice mayor of the jurisdiction."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="leaders")
    name = models.CharField("姓名", max_length=20)
    title = models.CharField("职务", max_length=30, blank=True)

    objects = LeaderQuerySet.as_manager()

    class Meta:
        verbose_name = "领导"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="leader_unique_in_jurisdiction")]

    def __str__(self) -> str:
        return f"{self.name}{self.title}"


class TaskGroup(models.Model):
    """A heading that groups tasks: by leader (`尹学群市长牵头的重点工作`) or by theme."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="groups")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    title = models.CharField("标题", max_length=300)
    order = models.PositiveIntegerField(default=0)
    leader = models.ForeignKey(Leader, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups")

    class Meta:
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(TaskGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    code = models.CharField("编号", max_length=30)  # unique in the ledger: <section>-<number>
    number = models.CharField("原文序号", max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField("工作任务")
    deadline_text = models.CharField("完成时限", max_length=100, blank=True)
    deadline = models.DateField("完成日期", null=True, blank=True)
    leaders = models.ManyToManyField(Leader, verbose_name="牵头领导", blank=True, related_name="tasks")
    role_source = models.CharField("角色依据", max_length=200, blank=True)
    source_line = models.PositiveIntegerField("原文行", default=0)
    source_end_line = models.PositiveIntegerField(default=0)
    # A county task that takes up a task of the city's ledger.
    security_label = models.CharField("密级标识", max_length=10, choices=SecurityLabel.choices, default=SecurityLabel.INTERNAL)
    linked_task = models.ForeignKey("self", verbose_name="对应上级任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_from")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "任务"
        ordering = ["ledger", "order"]
        constraints = [models.UniqueConstraint(fields=["ledger", "code"], name="task_code_unique_in_ledger")]
        indexes = [models.Index(fields=["ledger", "order"])]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"

    @property
    def security_label_choice(self) -> SecurityLabel:
        """The label as its choice, for the badge's colour and Chinese name."""
        return SecurityLabel(self.security_label)


class Rule(models.Model):
    """A cover-notice rule that changed roles (默认配合单位, 列第一位的为牵头单位, …)."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(max_length=10)  # R1, R2…
    kind = models.CharField(max_length=40)
    text = models.TextField("原文")
    source_line = models.PositiveIntegerField(default=0)
    exception = models.CharField("例外", max_length=300, blank=True)

    class Meta:
        ordering = ["ledger", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"


class Assignment(models.Model):
    """A unit's role on a task, and where the role came from (the text, a rule, or a correction)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    source = models.CharField("来源", max_length=10, choices=AssignmentSource.choices, default=AssignmentSource.TEXT)
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments")
    written_as = models.CharField("原文写法", max_length=100, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "任务分工"
        ordering = ["task", "role", "order"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="one_role_per_unit_per_task")]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.task.code} {self.unit.name} {self.get_role_display()}"


class Direction(models.TextChoices):
    GROWTH = "growth", "增长"
    REDUCTION = "reduction", "下降"
    LEVEL = "level", "保持"


class Target(models.Model):
    """A quantified target (量化目标) in a task's text; `parent` links a 其中 part to its whole."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveIntegerField(default=0)
    text = models.CharField("原文", max_length=300)
    indicator = models.CharField("指标", max_length=200)
    comparator = models.CharField("比较", max_length=2)
    value = models.FloatField("数值")
    unit = models.CharField("单位", max_length=30, blank=True)
    base_value = models.FloatField("基数")
    base_unit = models.CharField("基本单位", max_length=30, blank=True)
    direction = models.CharField("方向", max_length=10, choices=Direction.choices)
    span_start = models.PositiveIntegerField(default=0)
    span_end = models.PositiveIntegerField(default=0)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts")

    class Meta:
        verbose_name = "量化目标"
        ordering = ["task", "order"]

    def __str__(self) -> str:
        return self.text


class Milestone(models.Model):
    """A time node of a task (时间节点), filled when lead units refine their tasks."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=300)
    due_date = models.DateField("完成日期", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "时间节点"
        ordering = ["task", "order"]


class ImportWarning(models.Model):
    """What the parser could not read for sure, kept until the office resolves it."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="import_warnings")
    line = models.PositiveIntegerField("行", default=0)
    code = models.CharField(max_length=40)
    message = models.TextField("内容")
    data = models.JSONField(default=dict, blank=True)  # e.g. {"alias": …, "canonical": …} for suspected aliases
    resolved = models.BooleanField("已处理", default=False)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField("处理说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "导入警告"
        ordering = ["ledger", "line", "id"]
