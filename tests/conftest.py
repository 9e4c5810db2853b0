"""Suite-wide test settings.

Hypothesis: no per-example deadline (a loaded CI machine must not turn a slow example into a
failure; speed is measured by `make bench`), and a fixed seed in CI so a run can be reproduced.
"""

import os

from hypothesis import settings

settings.register_profile("luoshi", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("luoshi")
