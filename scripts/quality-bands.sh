#!/usr/bin/env bash
# Does face quality order the errors? For each dataset, `facenet evaluate --dataset DIR --face-width W,...`
# with the pictures shrunk in turn to each width (0: full size), a mix of near and far faces measured at one
# threshold; then the errors by band of the poorer face's quality, and the error left when the poorest
# pairs are set aside, as a markdown table per dataset and one for all datasets pooled (band counts add up).
#
#   scripts/quality-bands.sh [--widths 0,32,24,16] [DATASET_DIR ...]
#   (default: ../shared/fixtures/orl and ../shared/fixtures/yale)
#
# Needs a build (mvn -q package -DskipTests) and python3. A command, not a test; the JSON of each run is
# kept in out/quality/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
bench_prepare ""
widths=0,32,24,16
if [ "${1:-}" = --widths ]; then
  widths=$2
  shift 2
fi
datasets=("$@")
if [ ${#datasets[@]} -eq 0 ]; then
  datasets=(../shared/fixtures/orl ../shared/fixtures/yale)
fi
mkdir -p out/quality
runs=()
for d in "${datasets[@]}"; do
  out="out/quality/$(basename "$d")-${widths//,/-}.json"
  echo "evaluating $d at face widths $widths ..." >&2
  ./facenet evaluate --dataset "$d" --face-width "$widths" --json > "$out"
  runs+=("$out")
done
python3 - "${runs[@]}" <<'PY'
import json, sys

def table(title, bands, rejections, threshold):
    print(f"\n{title} (errors at {threshold})\n")
    print("| quality of the poorer face | pairs | wrong | error | same-person rejected | different accepted |")
    print("|---|---|---|---|---|---|")
    for b in bands:
        wrong = b["false_rejects"] + b["false_accepts"]
        rate = f"{100 * wrong / b['pairs']:.2f}%" if b["pairs"] else "n/a"
        if "from" not in b:
            label = "no face found (whole picture encoded)"
        else:
            label = f"{b['from']:.2f}-{b['to']:.2f}" + (" (too poor)" if b["from"] == 0 else "")
        print(f"| {label} | {b['pairs']} | {wrong} | {rate} | {b['false_rejects']} of {b['same']} | {b['false_accepts']} of {b['different']} |")
    print("\nerror with the poorest pairs set aside: " + ", ".join(
        f"{100 * r['set_aside']:.0f}%: {100 * r['errors'] / r['pairs']:.2f}%" for r in rejections))

pooled, pooled_rej = None, None
for path in sys.argv[1:]:
    q = json.load(open(path))["quality_bands"]
    bands = [q["no_face"]] + q["bands"]
    table(path, bands, q["error_versus_reject"], f"{q['threshold']:.4f}")
    if pooled is None:
        pooled = [dict(b) for b in bands]
        pooled_rej = [dict(r) for r in q["error_versus_reject"]]
    else:
        for p, b in zip(pooled, bands):
            for k in ("pairs", "same", "false_rejects", "different", "false_accepts"):
                p[k] += b[k]
        for p, r in zip(pooled_rej, q["error_versus_reject"]):
            p["pairs"] += r["pairs"]
            p["errors"] += r["errors"]
if len(sys.argv) > 2:
    table("all pooled", pooled, pooled_rej, "each dataset's own threshold")
PY
