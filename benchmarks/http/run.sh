#!/usr/bin/env bash
# The service's HTTP figures, measured from outside, each beside a bare Javalin endpoint in the
# same run (the machine may be busy: only ratios of alternating rounds mean much).
#
#   benchmarks/http/run.sh get  [ROUNDS] [SECONDS]  GET /v1/videos/{id} vs BareEndpoint, wrk -t1 -c32
#   benchmarks/http/run.sh post [ROUNDS] [SECONDS]  POST /v1/videos (SQLite, sandbox), wrk -t1 -c16,
#                                                   alternating with the bare GET; then memory with
#                                                   every job created still in flight
#
# Needs the jars (mvn -B -DskipTests package) and wrk (apt-get install -y wrk). The service runs
# with SERVICE_JAVA_OPTS (default: none, the JVM's own choice) on a fresh data folder, after a
# warm-up of WARMUP_SECONDS (default 15; 40 in post mode) against each.
set -euo pipefail

mode="${1:-get}"
rounds="${2:-5}"
seconds="${3:-10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/http"
service_jar="$root/app-api/target/videoagent-api.jar"
bench_jar="$root/benchmarks/target/benchmarks.jar"
service_opts="${SERVICE_JAVA_OPTS:-}"
for f in "$service_jar" "$bench_jar"; do
  [ -f "$f" ] || { echo "missing $f: run mvn -B -DskipTests package" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" INT TERM

export BENCH_KEY="bench-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

# Waits until FILE has a line matching REGEX and prints the first capture group.
await_line() {
  local file="$1" regex="$2" pid="$3"
  for _ in $(seq 1 600); do
    if [ -s "$file" ]; then
      local found
      found="$(sed -nE "s#.*$regex.*#\\1#p" "$file" | head -1)"
      if [ -n "$found" ]; then echo "$found"; return 0; fi
    fi
    kill -0 "$pid" 2>/dev/null || { echo "process $pid died:" >&2; cat "$file" >&2; exit 1; }
    sleep 0.1
  done
  echo "timed out waiting for $regex in $file" >&2
  exit 1
}

# The service on its own folder; prints its port.
start_service() {
  mkdir -p "$work/home"
  # shellcheck disable=SC2086
  VIDEOAGENT_HOME="$work/home" VIDEOAGENT_SANDBOX=true VIDEOAGENT_PORT=0 \
    VIDEOAGENT_HOST=127.0.0.1 VIDEOAGENT_API_KEYS="bench:$BENCH_KEY" \
    java $service_opts -XX:NativeMemoryTracking=summary -jar "$service_jar" \
    >"$work/service.out" 2>"$work/service.err" &
  service_pid=$!
  pids+=("$service_pid")
  service_port="$(await_line "$work/service.err" 'API listening on http://127\.0\.0\.1:([0-9]+)' "$service_pid")"
}

start_bare() {
  java -cp "$bench_jar" dev.videoagent.benchmarks.http.BareEndpoint 0 "$BENCH_KEY" "$1" \
    >"$work/bare.out" 2>"$work/bare.err" &
  bare_pid=$!
  pids+=("$bare_pid")
  bare_port="$(await_line "$work/bare.out" 'listening ([0-9]+)' "$bare_pid")"
}

# A job created through the service, once it has settled (completed, video stored), as its bytes.
settled_job() {
  local base="http://127.0.0.1:$service_port" id body
  id="$(curl -sf -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' \
    -d '{"prompt": "A friendly presenter explains the quarterly figures in one minute.", "metadata": {"run": "benchmark"}}' \
    "$base/v1/videos" | jq -r .id)"
  for _ in $(seq 1 300); do
    body="$(curl -sf -H "Authorization: Bearer $BENCH_KEY" "$base/v1/videos/$id")"
    if [ "$(jq -r '.content != null' <<<"$body")" = true ]; then
      printf '%s' "$body" >"$work/job.json"
      echo "$id"
      return 0
    fi
    sleep 0.2
  done
  echo "job $id did not settle" >&2
  exit 1
}

# wrk's requests/s and p99 (ms) for one run: wrk_run CONNECTIONS SCRIPT URL
wrk_run() {
  local out
  out="$(wrk -t1 -c"$1" -d"${seconds}s" --latency -s "$2" "$3")"
  echo "$out" >>"$work/wrk.log"
  local rps p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v*=1000}; print v}' <<<"$out")"
  errors="$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")"
  [ -z "$errors" ] || echo "  note: $errors" >&2
  grep '^status ' <<<"$out" | sed 's/^/  /' >&2 || true
  echo "$rps $p99"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

memory() {
  local pid="$1" label="$2"
  echo "--- memory: $label"
  echo "RSS: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status"), threads: $(awk '/Threads/ {print $2}' "/proc/$pid/status")"
  jcmd "$pid" GC.heap_info | sed -n '2,3p'
  jcmd "$pid" VM.native_memory summary | grep -E '^Total|^-  *(Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Metaspace|Arena)' || true
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "service flags: ${service_opts:-none}"
start_service
job_id="$(settled_job)"
start_bare "$work/job.json"
echo "job: $(wc -c <"$work/job.json") bytes; service :$service_port, bare :$bare_port; $rounds rounds of ${seconds}s"

get_service="http://127.0.0.1:$service_port/v1/videos/$job_id"
get_bare="http://127.0.0.1:$bare_port/v1/videos/$job_id"

# Warm-up: both JITs see their hot paths before anything counts. 5 s was too short on a slow
# machine (the first rounds still ran at half speed), so 15 s by default; WARMUP_SECONDS sets it.
# The create path is longer: after 15 s of POSTs the C2 compiler still took 40 % of a core and the
# rate kept climbing for about 40 s (jstat -compiler), so post mode warms up 40 s by default.
default_warmup=15; [ "$mode" = post ] && default_warmup=40
seconds_saved="$seconds"; seconds="${WARMUP_SECONDS:-$default_warmup}"
wrk_run 32 "$here/get.lua" "$get_service" >/dev/null
wrk_run 32 "$here/get.lua" "$get_bare" >/dev/null
[ "$mode" = post ] && wrk_run 16 "$here/post.lua" "http://127.0.0.1:$service_port/v1/videos" >/dev/null
seconds="$seconds_saved"

: >"$work/rows"
for round in $(seq 1 "$rounds"); do
  # Alternate which goes first, so neither always runs on a machine the other just warmed.
  if [ "$mode" = get ]; then
    if (( round % 2 )); then order=(service bare); else order=(bare service); fi
    for who in "${order[@]}"; do
      if [ "$who" = service ]; then s="$(wrk_run 32 "$here/get.lua" "$get_service")"
      else b="$(wrk_run 32 "$here/get.lua" "$get_bare")"; fi
    done
  else
    if (( round % 2 )); then order=(service bare); else order=(bare service); fi
    for who in "${order[@]}"; do
      if [ "$who" = service ]; then s="$(wrk_run 16 "$here/post.lua" "http://127.0.0.1:$service_port/v1/videos")"
      else b="$(wrk_run 32 "$here/get.lua" "$get_bare")"; fi
    done
  fi
  read -r s_rps s_p99 <<<"$s"
  read -r b_rps b_p99 <<<"$b"
  ratio="$(awk -v s="$s_rps" -v b="$b_rps" 'BEGIN {printf "%.3f", s/b}')"
  p99x="$(awk -v s="$s_p99" -v b="$b_p99" 'BEGIN {printf "%.2f", s/b}')"
  echo "$s_rps $s_p99 $b_rps $b_p99 $ratio $p99x" >>"$work/rows"
  printf 'round %d: service %s req/s p99 %s ms | bare GET %s req/s p99 %s ms | ratio %s, p99 x%s\n' \
    "$round" "$s_rps" "$s_p99" "$b_rps" "$b_p99" "$ratio" "$p99x"
done

col() { awk -v c="$1" '{print $c}' "$work/rows" | median; }
label="GET /v1/videos/{id}"; [ "$mode" = post ] && label="POST /v1/videos"
echo "=== medians over $rounds rounds: $label $(col 1) req/s, p99 $(col 2) ms; bare GET $(col 3) req/s, p99 $(col 4) ms"
echo "=== median ratio service/bare: throughput $(col 5), p99 x$(col 6)"

if [ "$mode" = post ]; then
  base="http://127.0.0.1:$service_port"
  unsettled="$(curl -sf "$base/metrics" | awk '/^videoagent_jobs\{status="(pending|queued|processing)"/ {n+=$2} END {printf "%d", n}')"
  echo "jobs in flight (pending, queued, processing): ${unsettled:-unknown}"
  memory "$service_pid" "after the POST rounds"
fi
