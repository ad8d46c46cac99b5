"""Baseline for the analytics benchmark: python-igraph on the same graph.

Usage: python3 igraph_baseline.py EDGES N BETWEENNESS(0|1) OUT_DIR [REPEAT]
EDGES holds one "source target" line per arc over nodes 0..N-1. Prints one JSON line with the
fastest seconds of REPEAT runs (constraint: at least 5) and the peak resident memory; writes the values to OUT_DIR for a cross-check.
"""
import json
import resource
import sys
import time

try:
    import igraph
except ImportError:
    print(json.dumps({"error": "python-igraph is not installed"}))
    sys.exit(3)

edges_path, n, with_betweenness, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 1


def fastest(work, runs=None):
    best, value = float("inf"), None
    for _ in range(runs or repeat):
        start = time.perf_counter()
        value = work()
        best = min(best, time.perf_counter() - start)
    return best, value


result = {"igraph": igraph.__version__}

start = time.perf_counter()
with open(edges_path) as f:
    edges = [tuple(map(int, line.split())) for line in f if line.strip()]
g = igraph.Graph(n=n, edges=edges, directed=True)
result["load"] = time.perf_counter() - start

if with_betweenness:
    result["betweenness"], betweenness = fastest(lambda: g.betweenness(directed=True))
    with open(f"{out_dir}/betweenness.txt", "w") as f:
        f.write("\n".join(repr(v) for v in betweenness))

# Milliseconds: at least 5 runs, as on the C# side.
result["constraint"], constraint = fastest(lambda: g.constraint(), max(5, repeat))
with open(f"{out_dir}/constraint.txt", "w") as f:
    f.write("\n".join(repr(v) for v in constraint))

# VmHWM is this process's own peak; ru_maxrss would include the parent's size before exec.
with open("/proc/self/status") as f:
    hwm = next((line.split()[1] for line in f if line.startswith("VmHWM:")), None)
result["peak_rss_mb"] = int(hwm) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
