"""Placeholder until this command lands (same session)."""

import sys


def run(args) -> int:
    print("luoshi: 此命令尚未完成", file=sys.stderr)
    return 2
