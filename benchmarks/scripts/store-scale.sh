#!/usr/bin/env bash
# Runs StoreScaleMain on SQLite and on a throwaway PostgreSQL 15 server started for the run (as the
# postgres user when run as root), then stops the server and removes its data. Arguments go to
# StoreScaleMain (e.g. --sizes 10000,100000 --rounds 200).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${BENCHMARKS_JAR:-$root/benchmarks/target/benchmarks.jar}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
work="$(mktemp -d /tmp/videoagent-scale-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bin/initdb" -D "$work/data" -U postgres -A trust >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w start \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" >/dev/null
stop() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
"${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres videoagent_scale
java -cp "$jar" dev.videoagent.benchmarks.store.StoreScaleMain \
  --postgres "jdbc:postgresql://127.0.0.1:$port/videoagent_scale?user=postgres" \
  --folder "$work" "$@"
