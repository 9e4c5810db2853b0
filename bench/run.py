"""`make bench`: parser speed and memory, corpus scores. Prints figures; the bars are in the README."""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "notice"))

from synthetic import SEED, synthetic_notice  # noqa: E402

from luoshi.notice import parse_text  # noqa: E402
from luoshi.notice.readers import read_path  # noqa: E402
from luoshi.notice.structure import parse_document  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    seed_text = SEED.read_text(encoding="utf-8")
    parse_text(seed_text)  # warm regex caches
    runs = timed(lambda: parse_text(seed_text), 40)
    print(f"seed parse (in-process, text → tasks): median {statistics.median(runs) * 1000:.1f} ms, "
          f"min {min(runs) * 1000:.1f} ms  [bar ≤ 20 ms]")
    from luoshi.notice import labels
    from luoshi.notice.units import kinds, split

    def cold() -> None:
        for cached in (kinds.classify_unit, kinds.is_collective, split._split_cached, labels._split_trailing_roles):
            cached.cache_clear()
        parse_text(seed_text)

    runs = timed(cold, 20)
    print(f"seed parse with every cache cleared each run: median {statistics.median(runs) * 1000:.1f} ms")
    runs = timed(lambda: parse_document(read_path(SEED)), 20)
    print(f"seed parse from file: median {statistics.median(runs) * 1000:.1f} ms")

    sizes = [500, 1000, 2000, 4000]
    medians = {}
    for n in sizes:
        text = synthetic_notice(n)
        notice = parse_text(text)
        assert len(notice.tasks) == n, (n, len(notice.tasks))
        medians[n] = statistics.median(timed(lambda: parse_text(text), 5))
        print(f"synthetic {n:>5} tasks: median {medians[n] * 1000:.0f} ms ({medians[n] / n * 1e6:.0f} µs/task)"
              + ("  [bar ≤ 1000 ms]" if n == 2000 else ""))
    print(f"growth 500→4000 tasks: ×{medians[4000] / medians[500]:.1f} for ×8 tasks (linear ≈ ×8)")

    text = synthetic_notice(2000)
    tracemalloc.start()
    parse_text(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory parsing 2,000 tasks (tracemalloc): {peak / 2**20:.1f} MB  [bar ≤ 100 MB]")

    try:
        from corpus_eval import score_corpus, totals
    except Exception as err:  # the corpus lives outside the repository
        print(f"corpus scores skipped: {err}")
        return
    scores, _ = score_corpus()
    total = totals(scores)
    print(f"corpus: tasks {total.found_tasks}/{total.gold_tasks} ({total.recall:.1%}), unit F1 {total.unit_f1:.3f}, "
          f"role-aware unit F1 {total.role_f1:.3f}, leaders {total.leader_ok}/{total.leader_total}")


if __name__ == "__main__":
    main()
