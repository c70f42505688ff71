#!/usr/bin/env python3
"""The table of bench/compare.sh: one row per metric, A and B as the mean of their rounds (each round's value in
brackets), B/A, and whether B is worse than the spread of A's own rounds (a hint, not a test)."""
import argparse
import collections

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("--title", default="")
parser.add_argument("--load", default="")
parser.add_argument("--scale", default="")
args = parser.parse_args()

rows = collections.OrderedDict()
with open(args.results, encoding="utf-8") as f:
    for line in f:
        bench, metric, better, side, _round, value = line.rstrip("\n").split("\t")
        rows.setdefault((bench, metric, better), {"A": [], "B": []})[side].append(value)


def num(v):
    try:
        return float(v.replace(",", ""))
    except ValueError:
        return None


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}" if x != int(x) else f"{x:.0f}"


table = []
for (bench, metric, better), sides in rows.items():
    a, b = sides["A"], sides["B"]
    if better == "same":
        # Counts that must not change (findings, hits, misses, duplicates): shown as they are, compared exactly.
        av, bv = " ".join(sorted(set(a))), " ".join(sorted(set(b)))
        verdict = "identical" if a and b and set(a) == set(b) and len(set(a)) == 1 else "DIFFER"
        if bench == "sched" and verdict == "DIFFER":
            verdict = "differ"   # misses under load are a result, not a defect of the harness
        table.append((bench, metric, av, bv, verdict, ""))
        continue
    an = [x for x in map(num, a) if x is not None]
    bn = [x for x in map(num, b) if x is not None]
    am = sum(an) / len(an) if an else None
    bm = sum(bn) / len(bn) if bn else None
    ratio = (bm / am) if am and bm is not None else None
    note = ""
    if ratio is not None and len(an) > 1:
        spread = (max(an) - min(an)) / am if am else 0
        worse = (ratio - 1) if better == "lower" else (1 - ratio)
        if worse > max(spread, 0.05):
            note = "B worse beyond A's spread"
    shown_a = f"{fmt(am)} ({' / '.join(fmt(x) for x in an)})" if len(an) > 1 else fmt(am)
    shown_b = f"{fmt(bm)} ({' / '.join(fmt(x) for x in bn)})" if len(bn) > 1 else fmt(bm)
    arrow = "lower is better" if better == "lower" else "higher is better"
    table.append((bench, f"{metric} ({arrow})", shown_a, shown_b, f"{ratio:.3f}" if ratio is not None else "-", note))

if args.title:
    print(args.title)
if args.scale:
    print(args.scale)
if args.load:
    print(args.load)
print()
headers = ("bench", "metric", "A mean (rounds)", "B mean (rounds)", "B/A", "")
widths = [max(len(str(r[i])) for r in list(table) + [headers]) for i in range(len(headers))]
print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in table:
    print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
