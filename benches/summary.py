"""Prints the median and spread of each command of a hyperfine JSON export, and each command's
median relative to the first command's (cbam). Usage: python3 benches/summary.py RESULTS.json"""
import json
import statistics
import sys

results = json.load(open(sys.argv[1], encoding="utf-8"))["results"]


def show(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


base = statistics.median(results[0]["times"])
for r in results:
    times = r["times"]
    median = statistics.median(times)
    spread = f"min {show(min(times))}, max {show(max(times))}"
    if len(times) > 1:
        spread += f", σ {show(statistics.stdev(times))}"
    print(f"  median {show(median):>9}  ({spread}; {len(times)} runs)  {median / base:6.2f} × first  {r['command']}")
