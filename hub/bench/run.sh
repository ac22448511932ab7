#!/usr/bin/env bash
# Load benchmark of the hub's document checks (a script, not a test).
#
# Starts the release hub on a temporary database seeded with N synthetic
# SLTD records, drives it with oha over keep-alive connections, and prints
# requests/s, p50/p99 latency, documents/s for batches and the hub's memory
# (VmHWM, VmRSS). Targets: >= 20,000 single checks/s with p99 <= 5 ms;
# batches >= 200,000 documents/s; RSS <= 500 MB with 1,000,000 records.
#
# Environment: N (records, 1000000), DURATION (per run, 15s), CONC (single
# checks, 50), BATCH_CONC (batches, 8), PORT (18490).
# Only 127.0.0.1 is ever targeted; each run is bounded by DURATION.
set -euo pipefail

N=${N:-1000000}
DURATION=${DURATION:-15s}
CONC=${CONC:-50}
BATCH_CONC=${BATCH_CONC:-8}
PORT=${PORT:-18490}
TOKEN=bench-token
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
URL=http://127.0.0.1:$PORT

cd "$ROOT"
cargo build --release -p ncblink-hub >&2
if ! command -v oha >/dev/null; then
    echo "installing oha (cargo install oha --locked)…" >&2
    cargo install oha --locked >&2
fi

TMP=$(mktemp -d)
HUB_PID=
cleanup() {
    if [ -n "$HUB_PID" ]; then kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

"$ROOT/target/release/ncblink-hub" --sandbox --db "$TMP/hub.sqlite" --seed-documents "$N" \
    --listen "127.0.0.1:$PORT" --token "FR=$TOKEN" >"$TMP/hub.out" 2>"$TMP/hub.log" &
HUB_PID=$!
for _ in $(seq 1 600); do
    curl -sf "$URL/v1/health" >/dev/null 2>&1 && break
    kill -0 "$HUB_PID" 2>/dev/null || { cat "$TMP/hub.log" >&2; exit 1; }
    sleep 0.2
done
echo "hub up with $N records; start-up: $(sed 's/\x1b\[[0-9;]*m//g' "$TMP/hub.log" | grep -E 'seeded|index loaded' | sed 's/.*INFO //' | tr '\n' ' ')" >&2

# One check that misses (the common case) and one that hits a seeded
# passport (SEED000000003 belongs to FR, the 4th NCB in code order).
echo '{"number":"X1234567","issuing_state":"FRA","document_type":"passport"}' >"$TMP/miss.json"
echo '{"number":"SEED000000003","issuing_state":"FRA"}' >"$TMP/hit.json"
python3 - "$TMP/batch.json" <<'EOF'
import json, sys
items = [{"number": f"B{i:08d}", "issuing_state": "FRA"} for i in range(1000)]
json.dump({"items": items}, open(sys.argv[1], "w"))
EOF

run() { # name concurrency duration body path
    oha -z "$3" -c "$2" --no-tui --output-format json -m POST \
        -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
        -D "$4" "$URL$5" >"$TMP/out-$1.json"
}

run single "$CONC" "$DURATION" "$TMP/miss.json" /v1/checks/documents
run hit 8 5s "$TMP/hit.json" /v1/checks/documents
run batch "$BATCH_CONC" "$DURATION" "$TMP/batch.json" /v1/checks/documents/batch

python3 - "$TMP" "$HUB_PID" "$CONC" "$BATCH_CONC" <<'EOF'
import json, os, sys
tmp, pid, conc, bconc = sys.argv[1:5]
def load(name):
    d = json.load(open(f"{tmp}/out-{name}.json"))
    s, p = d["summary"], d["latencyPercentiles"]
    codes = d.get("statusCodeDistribution", {})
    return s["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000, codes
status = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status"))
hwm, rss = (int(status[k].split()[0]) / 1024 for k in ("VmHWM", "VmRSS"))
print(f"| run | concurrency | requests/s | p50 ms | p99 ms | documents/s | status codes |")
print(f"|---|---|---|---|---|---|---|")
for name, c, per in (("single check, no hit", conc, 1), ("single check, hit (+ owner notification)", 8, 1), ("batch of 1,000", bconc, 1000)):
    key = {"single check, no hit": "single", "single check, hit (+ owner notification)": "hit", "batch of 1,000": "batch"}[name]
    rps, p50, p99, codes = load(key)
    print(f"| {name} | {c} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {rps * per:,.0f} | {codes} |")
print(f"\nhub memory: VmHWM {hwm:.0f} MB, VmRSS {rss:.0f} MB")
# For `cargo xtask bench`: the same figures beside their targets, one JSON
# object per line, in the file it names.
out = os.environ.get("NCBLINK_BENCH_OUT")
if out:
    n = os.environ.get("N", "1000000")
    single, hit, batch = load("single"), load("hit"), load("batch")
    rows = [
        (f"single document check, no hit, c={conc}, {n} records", f"{single[0]:,.0f} req/s, p50 {single[1]:.2f} ms, p99 {single[2]:.2f} ms",
         ">= 20,000 req/s, p99 <= 5 ms", single[0] >= 20000 and single[2] <= 5),
        ("single document check, hit (+ owner notification), c=8", f"{hit[0]:,.0f} req/s, p50 {hit[1]:.2f} ms, p99 {hit[2]:.2f} ms", "-", None),
        (f"batch of 1,000 documents, c={bconc}", f"{batch[0] * 1000:,.0f} documents/s, p99 {batch[2]:.2f} ms", ">= 200,000 documents/s", batch[0] * 1000 >= 200000),
        (f"hub memory with {n} records", f"VmHWM {hwm:.0f} MB", "<= 500 MB with 1,000,000 records", hwm <= 500),
    ]
    with open(out, "a") as f:
        for what, measured, ref, ok in rows:
            verdict = "-" if ok is None else ("met" if ok else "MISSED")
            f.write(json.dumps({"area": "hub", "what": what, "measured": measured, "reference": ref, "verdict": verdict}) + "\n")
EOF
