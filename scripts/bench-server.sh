#!/usr/bin/env bash
# The service under load (recognize on a seed picture, 8 loopback clients) beside the library doing the same
# work with 8 threads, in one run: requests/s, p50/p99 latency, errors, memory after warm-up and at the end.
#
#   scripts/bench-server.sh [--seconds 60] [--clients 8] [--warmup 10]
#
# Needs a build (mvn -q package -DskipTests) and ../shared beside the repository. A command, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dai.djl.offline=true -cp 'facenet-cli/target/lib/*' \
  dev.facenet.bench.ServerLoadBenchmark "$@"
