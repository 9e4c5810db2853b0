"""Suite-wide test settings.

Passwords: cheap Argon2id parameters (tests/fast_hashers.py), the same hash format as production.

Hypothesis: no per-example deadline (a loaded CI machine must not turn a slow example into a
failure; speed is measured by `make bench`), and a fixed seed in CI so a run can be reproduced.
"""

import os

from hypothesis import settings


def pytest_configure(config):
    """Tests hash passwords with cheap Argon2id parameters (see fast_hashers); production keeps Django's."""
    from django.conf import settings as django_settings

    django_settings.PASSWORD_HASHERS = [
        "fast_hashers.FastArgon2PasswordHasher",
        *(name for name in django_settings.PASSWORD_HASHERS if not name.endswith(".Argon2PasswordHasher")),
    ]


settings.register_profile("luoshi", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("luoshi")
