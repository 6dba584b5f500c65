#!/usr/bin/env bash
# Photo pipeline benchmark: file to encodings (decode, detect, landmarks, align, encode) on the npm
# package's six demo photos (1920 px wide), in milliseconds per photo and faces per second, one photo after
# the other and then as one bulk job (recognizeEach: photos overlap on the cores), and, when
# reference/node has its node_modules, face-api in Node (tfjs wasm, detectAllFaces().withFaceLandmarks()
# .withFaceDescriptors()) on the same photos in the same run, one after the other.
#
#   scripts/bench-pipeline.sh [--runs R] [--warmup W] [--detector ssd|tiny] [PHOTO...]
#
# Needs a build (mvn -o -q package -DskipTests). A command, not a test: figures depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare reference/node/bench-pipeline.mjs
args=("$@")
has_photo=0
for a in "$@"; do
  if [ -f "$a" ]; then has_photo=1; fi
done
if [ "$has_photo" = 0 ]; then
  args+=(facenet-models/target/face-api-package/package/demo/sample{1,2,3,4,5,6}.jpg)
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dai.djl.offline=true \
  -cp 'facenet-cli/target/lib/*' dev.facenet.bench.PipelineBenchmark "${node_args[@]}" "${args[@]}"
