#!/usr/bin/env bash
# Encoder benchmark (issue 2): encodings per second of every registered encoder at batch 1 and batch 32 on real
# face pictures, the CPU time per face, the peak memory of the process, and, when reference/node has its
# node_modules, face-api's ResNet in Node (tfjs wasm) on the same files in the same run.
#
#   scripts/bench-encoders.sh [EncoderBenchmark options] [FOLDER...]
#   (default folders: ../shared/fixtures/seed-images and ../shared/fixtures/orl; options: --help)
#
# Needs a build (mvn -o -q package -DskipTests). A command, not a test: figures depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d facenet-cli/target/lib ]; then
  echo "build first: mvn -q package -DskipTests" >&2
  exit 2
fi
# PyTorch's OpenMP threads sleep instead of spinning while they wait (spinning is ruinous on a shared machine).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
args=("$@")
has_folder=0
for a in "$@"; do
  if [ -d "$a" ]; then has_folder=1; fi
done
if [ "$has_folder" = 0 ]; then
  args+=(../shared/fixtures/seed-images ../shared/fixtures/orl)
fi
node_args=()
if [ -d reference/node/node_modules ] && command -v node >/dev/null 2>&1; then
  node_args=(--node-script reference/node/bench-descriptors.mjs)
fi
exec java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.EncoderBenchmark "${node_args[@]}" "${args[@]}"
