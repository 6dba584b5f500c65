#!/usr/bin/env bash
# Trains nn4.small2 from a random initialisation on ORL people s1-s30 and measures verification on the
# unseen people s31-s40 after every epoch: the figures of docs/TRAINING.md's ORL section. Run from anywhere:
#   scripts/train-orl-nn4.sh [ORL_DIR] [OUT_DIR]
# ORL_DIR defaults to ../shared/fixtures/orl beside the repository, OUT_DIR to out/train-orl-nn4.
# EPOCHS, LR, P, K, MINING, CROP and SEED override the defaults below. CROP=whole, the default, trains on ORL's
# whole pictures, which gave the steadiest held-out figures; CROP=aligned cuts the chip the nn4.small2 encoder uses
# on photos, dlib-chip-96-pad0.6 (see docs/TRAINING.md). VAL names the held-out people (default s31..s40; another
# fold such as VAL=s1..s10 shows how much the figure owes to which ten people are held out), and
# TRAIN the training people (default: all the others; TRAIN=s1..s20 trains on fewer, through a folder of links,
# OUT_DIR/people). TEACHER=resnet adds the pretrained ResNet as a teacher (distillation, see docs/TRAINING.md), with
# TEACHER_WEIGHT the weight of its term.
# Extra arguments after the two folders go to `facenet train`
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

# "s1..s10" or "s1,s5,s7" -> one name per line
people() {
  if [[ "$1" =~ ^s([0-9]+)\.\.s([0-9]+)$ ]]; then
    seq -f 's%g' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  else
    tr ',' '\n' <<< "$1"
  fi
}
val="${VAL:-s31..s40}"
links="$(mktemp -d)"
trap 'rm -rf "$links"' EXIT
data="$orl"
if [ -n "${TRAIN:-}" ]; then
  data="$out/people" # kept beside the run, so the model card's data folder and --resume find it
  rm -rf "$data"
  mkdir -p "$data"
  for p in $(people "$TRAIN") $(people "$val"); do ln -s "$(cd "$orl/$p" && pwd)" "$data/$p"; done
fi

start=$(date +%s)
"$root/facenet" train \
  --data "$data" --val-people "$val" --model nn4-small2 --init random --out "$out" \
  --epochs "${EPOCHS:-30}" --lr "${LR:-0.001}" --identities-per-batch "${P:-8}" --images-per-identity "${K:-4}" \
  --mining "${MINING:-semi-hard}" --crop "${CROP:-whole}" --seed "${SEED:-42}" \
  --teacher "${TEACHER:-none}" ${TEACHER_WEIGHT:+--teacher-weight "$TEACHER_WEIGHT"} "$@"
end=$(date +%s)
echo "wall time: $((end - start)) s"

# The independent check: the trained weights through the inference pipeline (finder, the encoder's own chip),
# 10-fold verification on the held-out people only, threshold chosen on the other folds.
held="$links/held-out"
mkdir "$held"
for p in $(people "$val"); do ln -s "$(cd "$orl/$p" && pwd)" "$held/$p"; done
crop=()
if [ "${CROP:-whole}" = whole ]; then crop=(--whole-image); fi
"$root/facenet" evaluate --dataset "$held" --model nn4-small2 --weights "$out/weights" "${crop[@]}"
