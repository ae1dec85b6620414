"""Tiny timing helpers shared by the benchmarks: medians over repeats, printed with ratios."""
import statistics
import time


def median_seconds(func, repeat=15, number=1):
    """Median wall time of `number` calls of `func`, over `repeat` runs (one warm-up run first)."""
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def report(title, rows, baseline_name):
    """Print `rows` [(name, seconds)] with each one's ratio to the row named `baseline_name`."""
    baseline = dict(rows)[baseline_name]
    print(f"\n{title}")
    for name, seconds in rows:
        print(f"  {name:<62} median {seconds * 1000:9.3f} ms   x{seconds / baseline:6.2f} of the baseline")
