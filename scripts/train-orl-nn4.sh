#!/usr/bin/env bash
# Trains nn4.small2 from a random initialisation on ORL people s1-s30 and measures verification on the
# unseen people s31-s40 after every epoch (issue 4's "must show"). Run from anywhere:
#   scripts/train-orl-nn4.sh [ORL_DIR] [OUT_DIR]
# ORL_DIR defaults to ../shared/fixtures/orl beside the repository, OUT_DIR to out/train-orl-nn4.
# EPOCHS, LR, P, K, MINING, CROP and SEED override the defaults below (CROP=whole, the default, trains on ORL's whole
# pictures, which gave the steadiest held-out figures; CROP=aligned cuts the chip the nn4.small2 encoder uses on
# photos, dlib-chip-96-pad0.6: see docs/TRAINING.md); extra arguments after the two folders go to `facenet train`
# as they are (e.g. --resume to continue an interrupted run; the chips are then read back from OUT_DIR/chips.bin).
# At the end it prints the summary line and the wall time; out/train-orl-nn4/ holds training.png,
# model-card.json (untrained and final held-out accuracy, threshold, pictures per second) and weights/
# in the OpenFace CSV layout. Measure them independently with
#   ./facenet evaluate --dataset <folder with s31..s40> --model nn4-small2 --weights out/train-orl-nn4/weights
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
  --epochs "${EPOCHS:-30}" --lr "${LR:-0.001}" --identities-per-batch "${P:-8}" --images-per-identity "${K:-4}" \
  --mining "${MINING:-semi-hard}" --crop "${CROP:-whole}" --seed "${SEED:-42}" "$@"
end=$(date +%s)
echo "wall time: $((end - start)) s"

# The independent check: the trained weights through the inference pipeline (finder, the encoder's own chip),
# 10-fold verification on the held-out people only, threshold chosen on the other folds.
held="$(mktemp -d)"
trap 'rm -rf "$held"' EXIT
for p in s31 s32 s33 s34 s35 s36 s37 s38 s39 s40; do ln -s "$(cd "$orl/$p" && pwd)" "$held/$p"; done
crop=()
if [ "${CROP:-whole}" = whole ]; then crop=(--whole-image); fi
"$root/facenet" evaluate --dataset "$held" --model nn4-small2 --weights "$out/weights" "${crop[@]}"
