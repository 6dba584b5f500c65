#!/usr/bin/env bash
# Peak memory (VmHWM, native PyTorch memory included) and wall time of whole `facenet detect` and
# `facenet recognize` processes on (a) a 12 MP photo without a face, (b) a 12 MP photo with faces, (c) a
# 10000 x 10000 picture of one colour and (d) the six demo photos in one process. The pictures are generated
# into out/memory/ first.
#
#   scripts/bench-memory.sh [--dir out/memory]
#
# Needs a build (mvn -q package -DskipTests) and GNU time (apt-get install time). A command, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'facenet-cli/target/lib/*' \
  dev.facenet.bench.MemoryBenchmark "$@"
