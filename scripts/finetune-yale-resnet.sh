#!/usr/bin/env bash
# Fine-tunes face-api's pretrained ResNet on Yale people subject01-subject10 and measures verification on the
# unseen subject11-subject15 before (epoch 0) and after every epoch (fine-tuning must not make held-out
# accuracy worse). Run from anywhere:
#   scripts/finetune-yale-resnet.sh [YALE_DIR] [OUT_DIR]
# YALE_DIR defaults to ../shared/fixtures/yale beside the repository, OUT_DIR to out/finetune-yale-resnet.
# EPOCHS, LR, P, K and SEED override the defaults below; extra arguments go to `facenet train` as they are.
# OUT_DIR/weights/ then holds face-api's format: --model resnet --weights OUT_DIR/weights loads it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yale="${1:-$root/../shared/fixtures/yale}"
out="${2:-$root/out/finetune-yale-resnet}"
shift $(( $# > 2 ? 2 : $# ))

if [ ! -f "$root/facenet-cli/target/facenet-cli.jar" ]; then
  (cd "$root" && mvn -q package -DskipTests)
fi

start=$(date +%s)
"$root/facenet" train \
  --data "$yale" --val-people 'subject11..subject15' --model resnet --init pretrained --out "$out" \
  --epochs "${EPOCHS:-3}" --lr "${LR:-0.00001}" --identities-per-batch "${P:-5}" --images-per-identity "${K:-4}" \
  --augment light --seed "${SEED:-42}" "$@"
end=$(date +%s)
echo "wall time: $((end - start)) s"
