#!/usr/bin/env bash
# Trains nn4.small2 from a random initialisation on ORL people s1-s30 and measures verification on the
# unseen people s31-s40 after every epoch (issue 4's "must show"). Run from anywhere:
#   scripts/train-orl-nn4.sh [ORL_DIR] [OUT_DIR]
# ORL_DIR defaults to ../shared/fixtures/orl beside the repository, OUT_DIR to out/train-orl-nn4.
# EPOCHS, LR, P, K, MINING and CROP override the defaults below (CROP=whole: on ORL's tight pictures the
# whole picture trains better than the aligned dlib chip, see docs/TRAINING.md); extra arguments after the two folders go to
# `facenet train` as they are (e.g. --resume to continue an interrupted run).
# At the end it prints the summary line and the wall time; out/train-orl-nn4/ holds training.png,
# model-card.json (untrained and final held-out accuracy, threshold, pictures per second) and weights/
# in the OpenFace CSV layout (load them with --model nn4-small2 --weights out/train-orl-nn4/weights).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
orl="${1:-$root/../shared/fixtures/orl}"
out="${2:-$root/out/train-orl-nn4}"
shift $(( $# > 2 ? 2 : $# ))

if [ ! -f "$root/facenet-cli/target/facenet-cli.jar" ]; then
  (cd "$root" && mvn -q package -DskipTests)
fi

start=$(date +%s)
"$root/facenet" train \
  --data "$orl" --val-people 's31..s40' --model nn4-small2 --init random --out "$out" \
  --epochs "${EPOCHS:-45}" --lr "${LR:-0.001}" --identities-per-batch "${P:-8}" --images-per-identity "${K:-4}" \
  --mining "${MINING:-semi-hard}" --crop "${CROP:-whole}" --seed 42 "$@"
end=$(date +%s)
echo "wall time: $((end - start)) s"
