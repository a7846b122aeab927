#!/usr/bin/env bash
# CPU time of each of the service's threads over one round of POST /v1/videos, from /proc: which
# thread the creates' CPU goes to (request threads, the tracker, the JIT compiler).
#
#   benchmarks/http/thread-cpu.sh [WARMUP_SECONDS] [SECONDS]     defaults 40 and 10
#
# Starts the service jar (sandbox, SQLite, a fresh data folder; JAR= names another build), warms it
# up with wrk -c16 (post.lua), then prints the threads that used over 50 ms in the measured round,
# the whole process's CPU, and wrk's rate and p99. Needs the jar (mvn -B -DskipTests package), wrk.
set -euo pipefail

warmup="${1:-40}"
seconds="${2:-10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/app-api/target/videoagent-api.jar}"
[ -f "$jar" ] || { echo "missing $jar: run mvn -B -DskipTests package" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
ticks="$(getconf CLK_TCK)"

work="$(mktemp -d)"
export BENCH_KEY="bench-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
VIDEOAGENT_HOME="$work/home" VIDEOAGENT_SANDBOX=true VIDEOAGENT_PORT=0 VIDEOAGENT_HOST=127.0.0.1 \
  VIDEOAGENT_API_KEYS="bench:$BENCH_KEY" java -jar "$jar" >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT

port=""
for _ in $(seq 1 300); do
  port="$(sed -nE 's#.*API listening on http://127\.0\.0\.1:([0-9]+).*#\1#p' "$work/err" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "the service did not start" >&2; exit 1; }
url="http://127.0.0.1:$port/v1/videos"

# One line per thread: id, name (blanks made _), user+system ticks. The name sits in brackets in
# stat and may hold blanks, so the fields are counted after its closing bracket.
snapshot() {
  for task in /proc/"$pid"/task/*; do
    # A thread may end between the listing and the read: it is left out.
    name="$(tr ' ' '_' 2>/dev/null <"$task/comm")" || continue
    stat="$(sed 's/.*) //' 2>/dev/null <"$task/stat")" || continue
    read -r utime stime < <(cut -d' ' -f12,13 <<<"$stat")
    echo "${task##*/} $name $((utime + stime))"
  done | sort
}
process_ticks() { sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); warm-up ${warmup}s, round ${seconds}s"
wrk -t1 -c16 -d"${warmup}s" -s "$root/benchmarks/http/post.lua" "$url" >/dev/null
snapshot >"$work/before"
before="$(process_ticks)"
wrk -t1 -c16 -d"${seconds}s" --latency -s "$root/benchmarks/http/post.lua" "$url" >"$work/wrk"
snapshot >"$work/after"
after="$(process_ticks)"

echo "threads over 50 ms of CPU in the round (ms, name):"
join "$work/before" "$work/after" \
  | awk -v t="$ticks" '{ms = ($5 - $3) * 1000 / t; if (ms > 50) printf "%8.0f %s\n", ms, $2}' \
  | sort -rn
echo "process: $(( (after - before) * 1000 / ticks )) ms of CPU in ${seconds} s"
grep -E "Requests/sec|99%" "$work/wrk"
