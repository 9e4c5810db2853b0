"""The password policy (等保 2.0: length, character classes, not common, not like the user name), in Chinese.

Configured in settings.AUTH_PASSWORD_VALIDATORS from the LUOSHI_PASSWORD_* environment variables.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError

CHARACTER_CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短：至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """At least `min_classes` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, test in CHARACTER_CLASSES if any(test(c) for c in password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类（现有 {len(present)} 类）。",
                code="password_too_few_classes",
            )

    def get_help_text(self):
        return f"包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，容易被猜中，请换一个。"

    def get_help_text(self):
        return "不能是常见密码。"


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as err:
            raise ValidationError("密码与用户名或姓名太相似，请换一个。", code="password_too_similar") from err

    def get_help_text(self):
        return "不能与用户名或姓名相似。"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "不能全是数字。"
