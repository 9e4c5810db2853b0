"""The password policy refuses weak passwords in Chinese; passwords are stored with Argon2."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def refusal(password, user=None) -> str:
    with pytest.raises(ValidationError) as err:
        validate_password(password, user)
    return " ".join(err.value.messages)


def test_weak_passwords_are_refused_with_chinese_reasons():
    assert "至少需要 8 个字符" in refusal("Ab1!x")
    assert "至少 3 类" in refusal("abcdefghij")  # one class
    assert "至少 3 类" in refusal("abcdefgh12")  # two classes
    assert "太常见" in refusal("P@ssw0rd")
    assert "全是数字" in refusal("1234567890123")


def test_a_password_like_the_user_name_is_refused():
    user = get_user_model()(username="wangkezhang", first_name="王科长")
    assert "太相似" in refusal("Wangkezhang1!", user)


def test_good_passwords_pass():
    validate_password("Zhejiang-Jinhua-77")
    validate_password("luoshi#duban2026")  # lower, symbol, digit


def test_the_policy_is_configurable(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "luoshi.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
        {"NAME": "luoshi.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 4}},
    ]
    assert "至少需要 12 个字符" in refusal("Jinhua-201!")  # 11 characters, passes the default policy
    assert "至少 4 类" in refusal("jinhua-road-2018")
    validate_password("Jinhua-Road-2018")


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(django_user_model):
    user = django_user_model.objects.create_user("hashed", password="Zhejiang-Jinhua-77")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("Zhejiang-Jinhua-77")


@pytest.mark.django_db
def test_production_settings_keep_djangos_argon2_cost(django_user_model):
    """The suite hashes cheaply (tests/fast_hashers.py); the shipped settings name Django's own Argon2 hasher first."""
    import importlib

    import luoshi.settings

    shipped = importlib.reload(luoshi.settings).PASSWORD_HASHERS
    assert shipped[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "m=64," in django_user_model.objects.create_user("cheap", password="Zhejiang-Jinhua-77").password
