#!/usr/bin/env bash
# The gallery's search indexes from ten thousand to a million encodings: build time, size on disk, process
# memory (VmRSS), single-thread query latency (mean, p99) and people-level recall@1/@10 against an exact
# float32 scan, on independent Gaussian vectors and on "face-like" people fitted to the ResNet encodings
# of the fixture pictures. Each size and kind runs in its own JVM, so the memory figure is that run's.
#
#   scripts/bench-search.sh [--sizes 10000,100000,1000000] [--kinds gaussian,face]
#                           [--index approximate|exact|both] [--queries 300] [--candidates N,..] [--reuse]
#                           [--shared ../shared] [--dir out/bench-search]
#
# Runs with the Vector API (the exact scan's fast kernel); SEARCH_JAVA_OPTS= (empty) measures the plain loop.
# Needs a build (mvn -q package -DskipTests). A million encodings take several minutes to build and about
# 2 GB of memory. A command, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
sizes="10000,100000,1000000"
kinds="gaussian,face"
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --kinds) kinds="$2"; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
IFS=, read -r -a size_list <<< "$sizes"
IFS=, read -r -a kind_list <<< "$kinds"
for kind in "${kind_list[@]}"; do
  for n in "${size_list[@]}"; do
    java ${SEARCH_JAVA_OPTS---add-modules jdk.incubator.vector} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'facenet-cli/target/lib/*' \
      dev.facenet.bench.SearchBenchmark --sizes "$n" --kinds "$kind" "${rest[@]+"${rest[@]}"}"
  done
done
