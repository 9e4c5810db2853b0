from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation


class SignInForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(label="动态口令", max_length=10, error_messages={"required": "请输入 6 位动态口令"})


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="当前密码", strip=False, widget=forms.PasswordInput, error_messages={"required": "请输入当前密码"})
    new_password1 = forms.CharField(label="新密码", strip=False, widget=forms.PasswordInput, error_messages={"required": "请输入新密码"})
    new_password2 = forms.CharField(label="再次输入新密码", strip=False, widget=forms.PasswordInput, error_messages={"required": "请再次输入新密码"})

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("当前密码不正确")
        return old

    def clean(self):
        data = super().clean()
        new, again = data.get("new_password1"), data.get("new_password2")
        if new and again and new != again:
            self.add_error("new_password2", "两次输入的新密码不一致")
        elif new:
            if data.get("old_password") and new == data["old_password"]:
                self.add_error("new_password1", "新密码不能与当前密码相同")
            else:
                try:
                    password_validation.validate_password(new, self.user)
                except forms.ValidationError as err:
                    self.add_error("new_password1", err)
        return data

    @staticmethod
    def policy_help() -> list[str]:
        return password_validation.password_validators_help_texts()
