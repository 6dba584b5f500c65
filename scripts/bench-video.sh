#!/usr/bin/env bash
# Speed of `facenet watch`: door videos made from Yale's faces at 640x480 and 1280x720 (25 frames/s), each
# watched by its own process with faces searched in every frame and in every third; frames/s, the real-time
# factor and peak resident memory as a markdown table.
#
#   scripts/bench-video.sh [--seconds 20] [--dir out/video]
#
# Needs a build (mvn -q package -DskipTests), ../shared beside the repository and GNU time. A command, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'facenet-cli/target/lib/*' \
  dev.facenet.bench.VideoBenchmark "$@"
