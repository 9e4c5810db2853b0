"""Forms of the unit registry's editing pages. Shape only; units.services decides the rest."""

from __future__ import annotations

from django import forms

from .models import UnitKind


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={"required": "缺少版本号，请刷新页面后重试"})


class UnitEditForm(VersionedForm):
    kind = forms.ChoiceField(label="类型", choices=UnitKind.choices, error_messages={"invalid_choice": "单位类型“%(value)s”不存在"})
    parent_name = forms.CharField(
        label="上级单位", required=False, max_length=100, error_messages={"max_length": "上级单位名称最多 100 字"},
        help_text="留空表示没有上级单位；可从单位库中选择",
    )


class RenameForm(VersionedForm):
    new_name = forms.CharField(
        label="新名称", max_length=100, error_messages={"required": "请填写新名称", "max_length": "单位名称最多 100 字"}
    )


class MergeForm(VersionedForm):
    target_name = forms.CharField(
        label="合并到", max_length=100, error_messages={"required": "请填写要合并到的单位", "max_length": "单位名称最多 100 字"}
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ProfileForm(VersionedForm):
    profile = forms.CharField(label="辖区配置（JSON）", required=False, widget=forms.Textarea, strip=False)


def first_error(form: forms.Form) -> str:
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if field is not None and field.label and name != "version":
            return f"{field.label}：{errors[0]}"
        return errors[0]
    return "输入有误"
