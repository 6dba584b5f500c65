#!/usr/bin/env bash
# `facenet recognize` against large galleries, end to end: for each size, the seed's eleven enrolled people
# plus N synthetic face-like encodings loaded with `facenet import`; then two seed camera pictures are
# recognised three times: the first run builds the search index (and saves it beside the gallery), the next
# ones start from the saved index. Wall time and peak memory (VmHWM, GNU time's %M) of each process.
#
#   scripts/bench-gallery.sh [--sizes 10000,100000,1000000] [--search exact,approximate]
#                            [--shared ../shared] [--dir out/bench-gallery]
#
# Needs a build (mvn -q package -DskipTests). A million encodings make a 1.3 GB lines file and a 0.7 GB
# gallery. A command, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
sizes="10000,100000,1000000"
searches="exact,approximate"
shared=../shared
dir=out/bench-gallery
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --search) searches="$2"; shift 2 ;;
    --shared) shared="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir"
seed="$shared/fixtures/seed-images"
probes=("$seed/camera_0.jpg" "$seed/camera_1.jpg")
timed() { # prints "seconds MiB" of one command; its output goes to $dir/last.out
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" > "$dir/last.out" 2> "$dir/last.err" \
    || { cat "$dir/last.err" >&2; exit 1; }
  awk '{ printf "%8.2f %8.0f", $1, $2 / 1024 }' "$dir/time"
}
printf "%9s %-11s %9s %18s %18s %18s   %s\n" N search "import s" "1st s / MiB" "2nd s / MiB" \
  "3rd s / MiB" "answer"
IFS=, read -r -a size_list <<< "$sizes"
IFS=, read -r -a search_list <<< "$searches"
for n in "${size_list[@]}"; do
  lines="$dir/synthetic-$n.jsonl"
  [ -s "$lines" ] || java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'facenet-cli/target/lib/*' \
    dev.facenet.bench.SearchBenchmark --write-lines "$lines" --sizes "$n" --shared "$shared" \
    --dir "$dir" > /dev/null
  db="$dir/gallery-$n.db"
  rm -rf "$db" "$db.index"
  for p in andrew arnaud benoit bertrand dan felix kevin kian sebastiano tian younes; do
    ./facenet enroll --db "$db" --name "$p" "$seed/$p.jpg" > /dev/null
  done
  imported=$(timed ./facenet import --db "$db" "$lines")
  for search in "${search_list[@]}"; do
    runs=""
    for run in 1 2 3; do
      runs="$runs $(timed ./facenet recognize --db "$db" --search "$search" "${probes[@]}")"
    done
    answer=$(sed -e 's/.*: //' -e 's/, the distance is /@/' "$dir/last.out" | tr '\n' ' ')
    printf "%9s %-11s %9.1f %s   %s\n" "$n" "$search" "$(echo "$imported" | awk '{print $1}')" \
      "$runs" "$answer"
  done
done
