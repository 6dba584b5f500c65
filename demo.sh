#!/usr/bin/env bash
# The README's main job, on the demo photos that come in face-api's npm package (no other data needed):
#   1. find every face in the six photos and draw boxes and landmarks into out/demo/faces/
#   2. enrol a person from a group photo (refused without --largest, since the photo has three faces)
#   3. verify her in another photo
#   4. recognize every face of every photo, and draw the names into out/demo/named/
#
#   mvn -q package -DskipTests && ./demo.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
demo=facenet-models/target/face-api-package/package/demo
if [[ ! -f "$demo/sample1.jpg" ]]; then
  echo "demo.sh: the demo photos come with the build; run first: mvn -q package -DskipTests" >&2
  exit 2
fi
out=out/demo
rm -rf "$out"
mkdir -p "$out"
db="$out/people.db"
photos=("$demo"/sample{1,2,3,4,5,6}.jpg)

step() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; }

step "1. Find every face (boxes, scores, 68 landmarks drawn to $out/faces/)" ./facenet detect --out "$out/faces" "${photos[@]}"
./facenet detect --out "$out/faces" "${photos[@]}"

step "2a. Enrol ava from sample1.jpg: it shows three people, so it is refused" \
  ./facenet enroll --db "$db" --name ava "$demo/sample1.jpg"
./facenet enroll --db "$db" --name ava "$demo/sample1.jpg" 2>&1 || echo "(exit code $?)"

step "2b. ...unless we say to take the largest face (ava is on the right)" \
  ./facenet enroll --db "$db" --name ava --largest "$demo/sample1.jpg"
./facenet enroll --db "$db" --name ava --largest "$demo/sample1.jpg"

step "3. Verify: is the largest face of sample3.jpg ava? (exit code 0 = yes, 1 = no)" \
  ./facenet verify --db "$db" --name ava "$demo/sample3.jpg"
./facenet verify --db "$db" --name ava "$demo/sample3.jpg"

step "4a. Recognize every face of every photo" ./facenet recognize --db "$db" "${photos[@]}"
./facenet recognize --db "$db" "${photos[@]}"

step "4b. ...and draw the names into $out/named/ (green: known, orange: not in the database)" \
  ./facenet detect --db "$db" --out "$out/named" "${photos[@]}"
./facenet detect --db "$db" --out "$out/named" "${photos[@]}"

printf '\nPictures: %s/faces/sample*.png and %s/named/sample*.png\n' "$out" "$out"
