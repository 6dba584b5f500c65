#!/usr/bin/env bash
# One FaceNet shared by many threads, side by side in one run: the encoder alone on batches of 32; one and
# eight threads encoding one chip per call through FaceNet's batching queue; one and eight threads recognising
# the six demo photos end to end.
#
#   scripts/bench-concurrency.sh [--seconds 10] [--threads 8] [PHOTO...]
#
# Needs a build (mvn -q package -DskipTests). A command, not a test: figures depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dai.djl.offline=true -cp 'facenet-cli/target/lib/*' \
  dev.facenet.bench.ConcurrencyBenchmark "$@"
