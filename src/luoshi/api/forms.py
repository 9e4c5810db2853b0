from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, error_messages={"required": "请填写令牌名称，例如用途或调用它的系统",
                                                                     "max_length": "令牌名称最多 %(limit_value)d 个字"})
