#!/usr/bin/env bash
# The service under load from outside its process: `facenet serve` on a fresh gallery of six seed people, and
# Debian's wrk as 8 loopback clients recognising a seed picture (after a warm-up), with a user key. Prints wrk's
# requests/s, p50/p99 latency, wrong answers (anything but a 200 naming the person) and the server's resident
# memory after the warm-up and at the end. The in-process comparison is scripts/bench-server.sh.
#
#   scripts/bench-server-wrk.sh [SECONDS (60)] [CLIENTS (8)] [WARM-UP SECONDS (10)]
#
# Needs a build (mvn -q package -DskipTests), ../shared beside the repository, wrk and curl. A command, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
seconds=${1:-60}
clients=${2:-8}
warmup=${3:-10}
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 2; }
done
seed=../shared/fixtures/seed-images
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

./facenet serve --db "$work/people.db" --port 0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 600); do
  [ "$(wc -l <"$work/out")" -ge 3 ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 2; }
  sleep 0.1
done
url=$(sed -n 1p "$work/out" | sed 's/.* on //')
admin=$(sed -n 3p "$work/out")
for person in shivi kevin andrew tian younes felix; do
  curl -sf -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: image/jpeg' \
    --data-binary "@$seed/$person.jpg" "$url/v1/people/$person/faces"
done
key=$(./facenet keys create --db "$work/people.db" --role user --name wrk --json | sed 's/.*"key":"\([^"]*\)".*/\1/')
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

export PICTURE="$seed/shivi_test.jpg" KEY="$key" EXPECT=shivi
echo "server $url (pid $pid) on $(nproc) cores; $clients clients; picture $PICTURE ($(stat -c %s "$PICTURE") bytes)"
wrk -t2 -c"$clients" -d"${warmup}s" --timeout 30s -s scripts/bench-server-wrk.lua "$url/v1/recognize" | tail -1 | sed 's/^/warm-up: /'
warm=$(rss)
wrk -t2 -c"$clients" -d"${seconds}s" --timeout 30s -s scripts/bench-server-wrk.lua "$url/v1/recognize" | tail -1
end=$(rss)
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
awk -v w="$warm" -v e="$end" -v h="$hwm" 'BEGIN {printf "server memory: %d MiB after warm-up, %d MiB at the end (%.3f), peak %d MiB\n", w/1024, e/1024, e/w, h/1024}'
