#!/usr/bin/env python3
"""What ORL's held-out verification gives without a deep network, to put the trained nn4.small2 in context.

Trains nothing on s31-s40: PCA and Fisher's linear discriminant are fitted on s1-s30 (the training people of
scripts/train-orl-nn4.sh) and every pair of s31-s40's 100 pictures is scored by Euclidean distance, with the
best threshold and same/different pairs weighted equally (as the trainer's balanced held-out pairs are).
Optionally it scores a file of encodings (the JSON lines of `facenet embed --json`) the same way, with the
share of each person's same-person pairs that fall beyond the threshold.

Needs numpy and pillow (not needed by the build or the tests):
  python3 scripts/orl-linear-baselines.py [ORL_DIR] [--encodings FILE]
"""
import json
import os
import re
import sys

import numpy as np
from PIL import Image


def pictures(root, people, size, box=None):
    x, y = [], []
    for p in people:
        folder = os.path.join(root, f"s{p}")
        for name in sorted(os.listdir(folder)):
            img = Image.open(os.path.join(folder, name)).convert("L")
            if box:
                img = img.crop(box)
            x.append(np.asarray(img.resize(size), dtype=np.float64).ravel() / 255)
            y.append(p)
    return np.array(x), np.array(y)


def balanced_accuracy(enc, labels):
    """Best (threshold, accuracy) over all pairs, same- and different-person pairs weighted equally."""
    dist = np.sqrt(((enc[:, None] - enc[None]) ** 2).sum(-1))
    upper = np.triu_indices(len(labels), 1)
    d = dist[upper]
    same = (labels[:, None] == labels[None])[upper]
    order = np.argsort(d)
    d, same = d[order], same[order]
    accepted_same = np.cumsum(same) / same.sum()
    rejected_diff = 1 - np.cumsum(~same) / (~same).sum()
    acc = (accepted_same + rejected_diff) / 2
    i = int(np.argmax(acc))
    return d[i], acc[i], dist


def normalised(e):
    return e / np.linalg.norm(e, axis=1, keepdims=True)


def fisher(train_x, train_y, held_x, components):
    mean = train_x.mean(0)
    _, _, vt = np.linalg.svd(train_x - mean, full_matrices=False)
    basis = vt[:components].T
    t, h = (train_x - mean) @ basis, (held_x - mean) @ basis
    centre = t.mean(0)
    within = np.zeros((components, components))
    between = np.zeros((components, components))
    for c in np.unique(train_y):
        tc = t[train_y == c]
        mc = tc.mean(0)
        within += (tc - mc).T @ (tc - mc)
        between += len(tc) * np.outer(mc - centre, mc - centre)
    values, vectors = np.linalg.eig(np.linalg.solve(within, between))
    keep = vectors[:, np.argsort(-values.real)[: len(np.unique(train_y)) - 1]].real
    return t @ keep, h @ keep, h


def main():
    args = [a for a in sys.argv[1:]]
    encodings = None
    if "--encodings" in args:
        i = args.index("--encodings")
        encodings = args[i + 1]
        del args[i : i + 2]
    here = os.path.dirname(os.path.abspath(__file__))
    root = args[0] if args else os.path.join(here, "..", "..", "shared", "fixtures", "orl")
    train, held = range(1, 31), range(31, 41)
    for label, size, box in [("whole picture 23x28", (23, 28), None), ("whole picture 46x56", (46, 56), None),
                             ("centre of the face 46x46", (46, 46), (10, 20, 82, 92))]:
        tx, ty = pictures(root, train, size, box)
        hx, hy = pictures(root, held, size, box)
        print(f"{label}:")
        print(f"  raw pixels                  {balanced_accuracy(hx, hy)[1]:.3f}")
        mean = tx.mean(0)
        _, _, vt = np.linalg.svd(tx - mean, full_matrices=False)
        pca = (hx - mean) @ vt[:100].T
        print(f"  PCA, 100 components         {balanced_accuracy(pca, hy)[1]:.3f}"
              f"   L2-normalised {balanced_accuracy(normalised(pca), hy)[1]:.3f}")
        _, lda, _ = fisher(tx, ty, hx, 60)
        print(f"  Fisherfaces (PCA 60, LDA 29) {balanced_accuracy(lda, hy)[1]:.3f}"
              f"   L2-normalised {balanced_accuracy(normalised(lda), hy)[1]:.3f}")
    if encodings:
        rows = [json.loads(line) for line in open(encodings) if line.strip()]
        enc = np.array([r["embedding"] for r in rows])
        lab = np.array([int(re.search(r"[/\\]s(\d+)[/\\]", r["image"]).group(1)) for r in rows])
        threshold, acc, dist = balanced_accuracy(enc, lab)
        print(f"{encodings}: {acc:.3f} at threshold {threshold:.3f}")
        for p in sorted(set(lab)):
            m = lab == p
            same = dist[np.ix_(m, m)][np.triu_indices(m.sum(), 1)]
            other = dist[np.ix_(m, ~m)]
            print(f"  s{p}: same-person pairs rejected {np.mean(same > threshold):.2f}, "
                  f"other people accepted {np.mean(other <= threshold):.3f}")


if __name__ == "__main__":
    main()
