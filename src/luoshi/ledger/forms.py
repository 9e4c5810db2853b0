"""Forms of the import and review pages. They check the shape of the input; services decide the rest."""

from __future__ import annotations

from django import forms

from luoshi.units.models import Jurisdiction

from .models import Role
from .services import TARGET_COMPARATORS


class ImportForm(forms.Form):
    """Upload a notice file or paste its text."""

    file = forms.FileField(label="通知文件", required=False, help_text="txt、html、docx、xlsx、xls、pdf 均可")
    text = forms.CharField(label="或粘贴通知全文", required=False, widget=forms.Textarea(attrs={"rows": 8}), strip=False)
    jurisdiction = forms.ModelChoiceField(label="辖区", queryset=Jurisdiction.objects.none(), empty_label=None)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100, help_text="通知中读不出年度时填写")

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["empty"] = "所选文件是空的（0 字节），未导入"
        self.fields["jurisdiction"].queryset = jurisdictions if jurisdictions is not None else Jurisdiction.objects.none()
        self.fields["jurisdiction"].error_messages["invalid_choice"] = "所选辖区不存在"
        self.fields["year"].error_messages.update(
            {"invalid": "年度应为四位数字，如 2018", "min_value": "年度应在 2000 到 2100 之间", "max_value": "年度应在 2000 到 2100 之间"}
        )
        first = self.fields["jurisdiction"].queryset.first()
        if first is not None and not self.is_bound:
            self.initial.setdefault("jurisdiction", first.pk)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请选择通知文件，或粘贴通知全文")
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("请只选择文件或只粘贴全文，不要两者同时提交")
        return data


class ReimportForm(forms.Form):
    file = forms.FileField(label="修订后的通知文件", required=False, error_messages={"empty": "所选文件是空的（0 字节），未导入"})
    text = forms.CharField(label="或粘贴修订后的通知全文", required=False, widget=forms.Textarea(attrs={"rows": 6}), strip=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请选择修订后的通知文件，或粘贴其全文")
        return data


class VersionedForm(forms.Form):
    """Every correction carries the version the user saw, so a concurrent edit is refused, not lost."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages["required"] = "缺少版本号，请刷新页面后重试"


class TaskEditForm(VersionedForm):
    text = forms.CharField(label="工作任务", widget=forms.Textarea(attrs={"rows": 5}))
    deadline_text = forms.CharField(label="完成时限（原文写法）", required=False, max_length=100)
    deadline = forms.DateField(label="完成日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "任务内容不能为空"
        self.fields["deadline"].error_messages["invalid"] = "完成日期格式不对，应为 2018-06-30"
        self.fields["deadline_text"].error_messages["max_length"] = "完成时限最多 100 字"


class AddAssignmentForm(VersionedForm):
    unit_name = forms.CharField(label="单位名称", max_length=100, widget=forms.TextInput(attrs={"list": "unit-names", "autocomplete": "off"}))
    role = forms.ChoiceField(label="角色", choices=Role.choices, initial=Role.COOPERATING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_name"].error_messages.update({"required": "请填写单位名称", "max_length": "单位名称最多 100 字"})
        self.fields["role"].error_messages["invalid_choice"] = "角色只能是牵头单位或配合单位"


class RoleForm(VersionedForm):
    role = forms.ChoiceField(choices=Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["invalid_choice"] = "角色只能是牵头单位或配合单位"


class TargetForm(VersionedForm):
    indicator = forms.CharField(label="指标", max_length=200)
    comparator = forms.ChoiceField(label="比较", choices=list(TARGET_COMPARATORS.items()))
    value = forms.FloatField(label="数值")
    unit = forms.CharField(label="单位", required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].error_messages.update({"required": "指标名称不能为空", "max_length": "指标名称最多 200 字"})
        self.fields["comparator"].error_messages["invalid_choice"] = "比较方式不存在"
        self.fields["value"].error_messages.update({"required": "请填写目标数值", "invalid": "目标值应为数字，如 7 或 2.5"})
        self.fields["unit"].error_messages["max_length"] = "计量单位最多 30 字"


def first_error(form: forms.Form) -> str:
    """One Chinese sentence for the page: the first problem the form found."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields and name != "__all__" else ""
        message = errors[0]
        return f"{label}：{message}" if label and name != "version" else message
    return "输入有误"
