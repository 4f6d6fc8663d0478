"""Summary of the HTTP benchmark (run.sh): per configuration, or --overall for all of a run.

  summary.py RESULTS_FILE CONFIG       the table of one configuration (RESULTS_FILE: run.sh's <config>.txt)
  summary.py --overall OUT CONFIG...   one line per configuration, from OUT/<config>.txt

Each line of a results file is one wrk run: a label (protected, unprotected or floor) and key=value
pairs. The runs of round i are the i-th line of each label (run.sh runs them one after the other, in
the order A B (C), (C) B A, ...), so the ratio of a round compares adjacent runs.
"""
import statistics
import sys


def read(path):
    rows = {"protected": [], "unprotected": [], "floor": []}
    for line in open(path):
        label, *pairs = line.split()
        rows[label].append({k: float(v) for k, v in (p.split("=") for p in pairs)})
    return rows


def rps(r):
    return r["requests"] / (r["duration_us"] / 1e6)


def liberty_cpu_us(r):
    return r["server_cpu_ticks"] / r["clk_tck"] * 1e6 / r["requests"]


def wrk_cpu_us(r):
    return r.get("wrk_cpu_us", float("nan")) / r["requests"]


def idle_share(r):
    if "idle_ticks" not in r:
        return float("nan")
    return r["idle_ticks"] / r["clk_tck"] / (r["duration_us"] / 1e6 * r["cpus"])


def ratios(rows, a="protected", b="unprotected"):
    return [rps(x) / rps(y) for x, y in zip(rows[a], rows[b])]


def med(rs, f):
    return statistics.median(f(r) for r in rs)


def one(path, config):
    rows = read(path)
    n = len(rows["protected"])
    print(f"| {config} | endpoint | requests/s (median of {n}) | per round | p50 ms | p90 ms | p99 ms"
          " | Liberty CPU µs/request | wrk CPU µs/request | machine idle |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for label in ("unprotected", "protected", "floor"):
        rs = rows[label]
        if not rs:
            continue
        runs = " / ".join(f"{rps(r):.0f}" for r in rs)
        lat = lambda k: med(rs, lambda r: r[k]) / 1000
        print(f"| | {label} | {med(rs, rps):.0f} | {runs} | {lat('p50_us'):.2f} | {lat('p90_us'):.2f}"
              f" | {lat('p99_us'):.2f} | {med(rs, liberty_cpu_us):.1f} | {med(rs, wrk_cpu_us):.1f}"
              f" | {100 * med(rs, idle_share):.0f} % |")
    rt = ratios(rows)
    print(f"\nratio protected / unprotected ({config}), per round: " + ", ".join(f"{x:.3f}" for x in rt))
    print(f"ratio protected / unprotected ({config}), median of {len(rt)} rounds: {statistics.median(rt):.3f}")
    if rows["floor"]:
        for a, b in (("floor", "unprotected"), ("protected", "floor")):
            rt = ratios(rows, a, b)
            print(f"ratio {a} / {b} ({config}), per round: " + ", ".join(f"{x:.3f}" for x in rt)
                  + f"; median {statistics.median(rt):.3f}")
        f, u, p = (med(rows[k], liberty_cpu_us) for k in ("floor", "unprotected", "protected"))
        print(f"Liberty CPU µs/request beyond the unprotected ping: floor {f - u:.1f}, protected {p - u:.1f}"
              f" (protected beyond the floor: {p - f:.1f})")
    print()


def overall(out, configs):
    print("| configuration | median ratio | per round | Liberty CPU µs/request, unprotected / protected"
          " | p99 ms, unprotected / protected | floor / unprotected (median) |")
    print("|---|---:|---|---|---|---:|")
    for config in configs:
        rows = read(f"{out}/{config}.txt")
        rt = ratios(rows)
        u, p = rows["unprotected"], rows["protected"]
        print(f"| {config} | **{statistics.median(rt):.3f}** | " + ", ".join(f"{x:.3f}" for x in rt)
              + f" | {med(u, liberty_cpu_us):.1f} / {med(p, liberty_cpu_us):.1f}"
              + f" | {med(u, lambda r: r['p99_us']) / 1000:.2f} / {med(p, lambda r: r['p99_us']) / 1000:.2f}"
              + (f" | {statistics.median(ratios(rows, 'floor')):.3f} |" if rows["floor"] else " | |"))
    print()


if __name__ == "__main__":
    if sys.argv[1] == "--overall":
        overall(sys.argv[2], sys.argv[3:])
    else:
        one(sys.argv[1], sys.argv[2])
