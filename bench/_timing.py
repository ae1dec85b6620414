"""Tiny helpers shared by the benchmarks: medians over repeats, printed with ratios; their docs section."""
import statistics
import time


def timed(call):
    """(wall seconds, CPU seconds of this process) of one `call()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved(call, floor, repeat, before=None):
    """(walls, cpus, floor walls, floor cpus) of `repeat` calls of `call`, each right after a `floor` call.

    One untimed warm-up call first (the first call of a course loads it); `before` runs untimed before each
    call of `call`."""
    if before:
        before()
    call()
    walls, cpus, floors, floor_cpus = [], [], [], []
    for _ in range(repeat):
        floor_wall, floor_cpu = timed(floor)
        floors.append(floor_wall)
        floor_cpus.append(floor_cpu)
        if before:
            before()
        wall, cpu = timed(call)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus, floors, floor_cpus


def print_medians(name, width, samples, count):
    """Print one row: `name` (padded to `width`), the medians of `samples` (what `interleaved` returns), wall and
    CPU, each with its ratio to the floor's, and `count` queries."""
    walls, cpus, floors, floor_cpus = (statistics.median(values) for values in samples)
    print(f"  {name:<{width}} {walls * 1000:8.1f} ms (x{walls / floors:5.1f})"
          f"  cpu {cpus * 1000:7.1f} ms (x{cpus / floor_cpus:5.1f})  {count} queries", flush=True)


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


def put_section(text, begin, end, section):
    """`text` with the part from marker `begin` to marker `end` replaced by `section` (appended if absent)."""
    if begin in text:
        return text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    return text.rstrip("\n") + "\n\n" + section + "\n"
