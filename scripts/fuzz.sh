#!/usr/bin/env bash
# Fuzzes the parsers for longer than the 15 s each gets in `mvn verify`, one target after the other.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     TARGET: image manifest csv import pairs (default all, 300 s each)
#
# Each target is a @FuzzTest run by Jazzer's own driver (one fuzz test per JVM, as Jazzer requires),
# which takes the time limit from the command line instead of the annotation. The inputs start from
# the committed ones (src/test/resources/.../<Test>Inputs/<method>/) and the corpus of earlier runs
# (<module>/.cifuzz-corpus/, not committed). A crashing input is written into the Inputs folder, so the
# normal test run replays it from then on: fix the code, keep the file. Prints, per target, the
# inputs tried and any crash; the whole log is in <module>/target/fuzz-TARGET.log. Exit code 1 when
# a target crashed. MVN_FLAGS passes flags to Maven (e.g. -o); KEEP_GOING=N goes on after up to N
# distinct crashes instead of stopping at the first; an input that runs longer than TIMEOUT seconds
# (default 30) is a crash too, a hang.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-all}"
seconds="${2:-300}"
declare -A module=([image]=facenet-core [manifest]=facenet-core [csv]=facenet-core [import]=facenet-core [pairs]=facenet-evaluate)
declare -A test=(
  [image]=dev.facenet.image.ImageLoaderFuzzTest#anyPicture
  [manifest]=dev.facenet.weights.FaceApiWeightsFuzzTest#anyManifest
  [csv]=dev.facenet.weights.CsvTensorFileFuzzTest#anyCsvFile
  [import]=dev.facenet.common.EnrolmentLinesFuzzTest#anyExportFile
  [pairs]=dev.facenet.evaluate.PairsFormatFuzzTest#anyPairsFile
)
order=(image manifest csv import pairs)
if [ "$target" = all ]; then
  targets=("${order[@]}")
elif [ -n "${module[$target]:-}" ]; then
  targets=("$target")
else
  echo "usage: scripts/fuzz.sh [${order[*]}|all] [SECONDS]" >&2
  exit 2
fi
case "$seconds" in '' | *[!0-9]*) echo "SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;; esac

# Compile the tests and write each module's test class path (Maven resolves the reactor's modules
# to their target/classes, so nothing needs installing).
modules=$(for t in "${targets[@]}"; do echo "${module[$t]}"; done | sort -u | paste -sd, -)
# shellcheck disable=SC2086  # MVN_FLAGS is a list of flags
mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt \
  -Dmdep.includeScope=test -pl "$modules" -am 2>&1 | sed 's/\x1b\[[0-9;]*m//g'   # Maven's colour resets, even when quiet

export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
failed=0
for t in "${targets[@]}"; do
  m="${module[$t]}"
  class="${test[$t]%%#*}"
  method="${test[$t]##*#}"
  log="target/fuzz-$t.log"
  echo "== $t: $class#$method for ${seconds} s"
  status=0
  # Slow inputs are not written out (one past TIMEOUT is a hang, and a crash): libFuzzer would write the
  # first input, slow only because the JVM is warming up, into the Inputs folder.
  (
    cd "$m"
    exec java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)" \
      com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
      --keep_going="${KEEP_GOING:-1}" -max_total_time="$seconds" -timeout="${TIMEOUT:-30}" \
      -report_slow_units=$((2 * ${TIMEOUT:-30})) -print_final_stats=1
  ) >"$m/$log" 2>&1 || status=$?
  # libFuzzer's closing line: how many inputs were tried, in how long.
  grep -a -E '^Done [0-9]+ runs' "$m/$log" | sed 's/^/   /' || true
  crashes=$(grep -a -c -E '^== Java Exception|^==[0-9]+== ERROR' "$m/$log" || true)
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    failed=1
    echo "   $crashes crash(es) (exit $status), each with its input:"
    grep -a -E '^== Java Exception|^==[0-9]+== ERROR|Test unit written to' "$m/$log" \
      | sed -e 's/^.*Test unit written to /     input: /' -e 's/^==/   ==/' | cut -c1-240
  else
    echo "   no crash"
  fi
done
exit "$failed"
