#!/usr/bin/env bash
# Encoder benchmark: encodings per second of every registered encoder at batch 1 and batch 32 on real
# face pictures, the CPU time per face, the peak memory of the process, and, when reference/node has its
# node_modules, face-api's ResNet in Node (tfjs wasm) on the same files in the same run.
#
#   scripts/bench-encoders.sh [EncoderBenchmark options] [FOLDER...]
#   (default folders: ../shared/fixtures/seed-images and ../shared/fixtures/orl; options: --help)
#
# Needs a build (mvn -o -q package -DskipTests). A command, not a test: figures depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare reference/node/bench-descriptors.mjs
args=("$@")
has_folder=0
for a in "$@"; do
  if [ -d "$a" ]; then has_folder=1; fi
done
if [ "$has_folder" = 0 ]; then
  args+=(../shared/fixtures/seed-images ../shared/fixtures/orl)
fi
exec java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.EncoderBenchmark "${node_args[@]}" "${args[@]}"
