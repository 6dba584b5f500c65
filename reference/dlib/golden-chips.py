#!/usr/bin/env python3
"""Golden values for facenet's alignment: dlib's own face chips for the demo-photo faces.

Takes face-api's 68 landmarks from facenet-core/src/test/resources/golden/landmarks.json (written by
reference/node/golden-landmarks.mjs), rounds them to whole pixels as dlib stores them, and runs dlib's
get_face_chip_details + extract_image_chip (chips.cpp) for a 150 px and a 96 px chip with padding 0.25
(and one 40 px chip).
Writes golden/dlib-chips.json (dlib's chip rectangle and angle for every face, a hash of dlib's decoded
pixels per photo) and a few of dlib's chips as PNG in golden/dlib-chips/.

Needs Debian's libdlib-dev (apt-get install libdlib-dev) and the built facenet-models module (demo photos).
    g++ -O2 -DDLIB_JPEG_SUPPORT -DDLIB_PNG_SUPPORT -o chips chips.cpp -ldlib -ljpeg -lpng \
        /lib/x86_64-linux-gnu/libblas.so.3 /lib/x86_64-linux-gnu/liblapack.so.3
    python3 golden-chips.py ./chips
"""
import json
import math
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
golden_dir = os.path.join(root, "facenet-core", "src", "test", "resources", "golden")
demo = os.path.join(root, "facenet-models", "target", "face-api-package", "package", "demo")
program = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "chips")

SIZES = (150, 96)
PADDING = 0.25
# Chips kept as pictures (photo, face, size): one face per photo at 150, two at 96 (one pyramid halving),
# and one 40 px chip (two halvings).
PICTURES = {(f"sample{i}.jpg", 0, 150) for i in range(1, 7)} | {("sample1.jpg", 0, 96), ("sample3.jpg", 1, 96),
                                                                 ("sample6.jpg", 0, 40)}

with open(os.path.join(golden_dir, "landmarks.json")) as f:
    golden = json.load(f)

os.makedirs(os.path.join(golden_dir, "dlib-chips"), exist_ok=True)
lines = []
faces = []
for image in golden["images"]:
    for index, face in enumerate(image["faces"]):
        parts = [[math.floor(x + 0.5), math.floor(y + 0.5)] for x, y in face["landmarks"]]
        sizes = SIZES + ((40,) if (image["image"], index) == ("sample6.jpg", 0) else ())
        for size in sizes:
            png = "-"
            if (image["image"], index, size) in PICTURES:
                png = os.path.join(golden_dir, "dlib-chips", f"{image['image'][:-4]}-{index}-{size}.png")
            flat = " ".join(f"{x} {y}" for x, y in parts)
            lines.append(f"{os.path.join(demo, image['image'])} {png} {size} {PADDING} {flat}")
            faces.append({"image": image["image"], "face": index, "size": size, "padding": PADDING,
                          "landmarks": parts, "png": None if png == "-" else os.path.relpath(png, golden_dir)})

result = subprocess.run([program], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
pictures = {}
chips = iter(faces)
for line in result.stdout.splitlines():
    word = line.split()
    if word[0] == "picture":
        pictures[os.path.basename(word[1])] = {"width": int(word[2]), "height": int(word[3]), "fnv1a64": word[4]}
    else:
        chip = next(chips)
        chip["rect"] = [float(v) for v in word[1:5]]
        chip["angle"] = float(word[5])

out = {
    "about": "dlib 19.24 get_face_chip_details(det, size, 0.25) + extract_image_chip on the demo photos, with "
             "face-api's landmarks (golden/landmarks.json, full net) rounded to whole pixels; rect = "
             "[left, top, right, bottom] of dlib's chip rectangle, angle in radians; fnv1a64 = hash of dlib's "
             "decoded RGB bytes (row-major R G B)",
    "pictures": pictures,
    "chips": faces,
}
with open(os.path.join(golden_dir, "dlib-chips.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"{len(faces)} chips, {sum(1 for c in faces if c['png'])} pictures, {len(pictures)} photos")
