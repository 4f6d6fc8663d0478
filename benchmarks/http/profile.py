"""Sorts an async-profiler profile of the HTTP benchmark (run.sh with ASYNC_PROFILER) into parts.

  profile.py OUT CONFIG ENDPOINT EVENT [TOP]

reads OUT/<config>-<endpoint>-<event>.collapsed (one "frame;frame;... count" line per stack) and,
for CPU events, OUT/<config>-profiled.txt (the profiled run's requests and Liberty CPU ticks), and
prints each part's share of the samples (CPU) or bytes (alloc), and per request: µs of Liberty's
CPU, or bytes. The parts, first match wins along a stack from its root:
  gc, jit, other JVM threads:   by the JVM thread's frames (G1, compiler, ...)
  signature verification:      java/security/Signature.verify or .update (the hash) under Portcullis
  Portcullis, by class:        the innermost dev/portcullis frame, for stacks that pass through one
  Liberty, servlet and HTTP:   the rest of the request threads
Then the TOP (default 25) leaf frames of the Portcullis stacks that are not the verification.
"""
import collections
import sys


def classify(frames):
    roots = ";".join(frames[:6])
    if any(k in roots for k in ("CompileBroker", "CompilerThread", "C2Compiler")):
        return "JIT compiler threads", None
    if any(f.startswith(("G1", "GangWorker", "WorkerThread", "ConcurrentGCThread", "VM_Operation", "VMThread"))
           for f in frames[:8]):
        return "GC and VM threads", None
    portcullis = [i for i, f in enumerate(frames) if f.startswith("dev/portcullis/")]
    if portcullis:
        if any(f.startswith(("java/security/Signature.verify", "java/security/Signature.update")) for f in frames):
            return "RS256 signature verification (Signature.update, .verify)", None
        inner = frames[portcullis[-1]]
        cls = inner.rsplit(".", 1)[0].replace("dev/portcullis/", "")
        return "Portcullis " + cls, frames[-1]
    if any(f.startswith(("java/", "jdk/", "sun/", "com/ibm/", "io/openliberty/", "org/")) for f in frames):
        return "Liberty: HTTP, servlet and the rest of the request thread", None
    return "other native / JVM", None


def main():
    out, config, endpoint, event = sys.argv[1:5]
    top = int(sys.argv[5]) if len(sys.argv) > 5 else 25
    parts = collections.Counter()
    leaves = collections.Counter()
    total = 0
    for line in open(f"{out}/{config}-{endpoint}-{event}.collapsed"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        n = int(count)
        frames = stack.split(";")
        part, leaf = classify(frames)
        parts[part] += n
        total += n
        if leaf is not None:
            leaves[leaf] += n
    per_request = None
    unit = "bytes" if event == "alloc" else "samples"
    if event != "alloc":
        for line in open(f"{out}/{config}-profiled.txt"):
            label, *pairs = line.split()
            if label == f"profile-{endpoint}-{event}":
                r = {k: float(v) for k, v in (p.split("=") for p in pairs)}
                per_request = r["server_cpu_ticks"] / r["clk_tck"] * 1e6 / r["requests"]
                requests = r["requests"]
        print(f"{config}, {endpoint}, {event}: {total} samples; Liberty CPU {per_request:.1f} µs/request")
    else:
        requests = None
        for line in open(f"{out}/{config}-profiled.txt"):
            label, *pairs = line.split()
            if label == f"profile-{endpoint}-{event}":
                requests = float(dict(p.split("=") for p in pairs)["requests"])
        print(f"{config}, {endpoint}, {event}: {total / 1e6:.0f} MB sampled over {requests:.0f} requests")
    print(f"| part | share of {unit} | per request |")
    print("|---|---:|---:|")
    for part, n in parts.most_common():
        share = n / total
        if event == "alloc":
            each = f"{n / requests:.0f} B"
        else:
            each = f"{share * per_request:.2f} µs"
        print(f"| {part} | {100 * share:.1f} % | {each} |")
    print(f"\nleaf frames of the Portcullis stacks other than the verification (top {top}):")
    for leaf, n in leaves.most_common(top):
        each = f"{n / requests:.0f} B" if event == "alloc" else f"{n / total * per_request:.2f} µs"
        print(f"  {100 * n / total:5.1f} %  {each:>10}  {leaf}")


if __name__ == "__main__":
    main()
