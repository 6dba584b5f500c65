#!/usr/bin/env python3
"""How the face-quality ramps were chosen: on near and far faces mixed, which ramps order the errors best.

Input: the CSVs of scripts/QualityDump.java for each dataset at several face widths, named DATASET-WIDTH.csv
(e.g. orl-0.csv orl-32.csv orl-24.csv orl-16.csv). For each dataset the pictures take the widths in turn (as
`evaluate --face-width 0,32,24,16` does), every pair is judged at the threshold of least balanced error, and
pairs are ordered by the quality of their poorer face. A setting of the ramps scores the balanced error left
after setting aside the poorest 10% and 20% of pairs, over the error with all of them (lower is better).
Prints the bands of the given setting (`show`) or the best settings of a grid around it.

Usage: scripts/quality-fit.py [show] [--dir DIR] [--widths 0,32,24,16] [DATASET ...] [key=value ...]
       keys: w0 w1 (size ramp, px), s0 s1 (sharpness), c0 c1 (confidence)       (needs numpy)
"""
import itertools
import sys

import numpy as np

DEFAULTS = dict(w0=12, w1=40, s0=0.35, s1=0.75, c0=0.2, c1=0.7)


def ramp(v, lo, hi):
    t = np.clip((v - lo) / (hi - lo), 0, 1)
    return t * t * (3 - 2 * t)


def score(q, p):
    """FaceQuality.score(), evenness left out as there."""
    width, sharp, yaw, pitch, bright, _even, conf = (q[:, i] for i in range(7))
    return (ramp(np.log(width), np.log(p["w0"]), np.log(p["w1"]))
            * ramp(sharp, p["s0"], p["s1"])
            * (1 - ramp(abs(yaw), 25, 65)) * (1 - ramp(abs(pitch), 20, 50))
            * ramp(bright, 0.06, 0.2) * (1 - ramp(bright, 0.85, 0.97))
            * ramp(conf, p["c0"], p["c1"]))


def load(path):
    rows = {}
    for line in open(path):
        r = line.rstrip("\n").split(",")
        key = (r[0], r[1].split(".")[0])
        rows[key] = None if r[2] == "0" else ([float(x) for x in r[3:11]], [float(x) for x in r[11].split()])
    return rows


def mixed(folder, dataset, widths):
    tables = [load(f"{folder}/{dataset}-{w}.csv") for w in widths]
    people, q, e = [], [], []
    for i, key in enumerate(sorted(tables[0])):
        row = tables[i % len(tables)].get(key)
        if row is not None:  # a picture with no face found has no quality: left out here
            people.append(key[0])
            q.append(row[0])
            e.append(row[1])
    people, q, e = np.array(people), np.array(q), np.array(e)
    d = np.sqrt(((e[:, None, :] - e[None, :, :]) ** 2).sum(-1))
    upper = np.triu_indices(len(people), 1)
    same = people[upper[0]] == people[upper[1]]
    dd = d[upper]
    ts = np.linspace(0.3, 0.8, 251)
    t = ts[int(np.argmin([((dd[same] >= t).mean() + (dd[~same] < t).mean()) / 2 for t in ts]))]
    return dict(q=q, upper=upper, same=same, wrong=np.where(same, dd >= t, dd < t), t=t)


def balanced(wrong, same, keep):
    return (wrong[keep & same].mean() + wrong[keep & ~same].mean()) / 2


def evaluate(data, p, show=False):
    s = score(data["q"], p)
    u = data["upper"]
    pair_q = np.minimum(s[u[0]], s[u[1]])
    order = np.argsort(pair_q, kind="stable")
    wrong, same = data["wrong"][order], data["same"][order]
    n = len(order)
    everything = balanced(wrong, same, np.ones(n, bool))
    ratios = []
    for share in (0.1, 0.2):
        keep = np.zeros(n, bool)
        keep[int(share * n):] = True
        ratios.append(balanced(wrong, same, keep) / everything)
    if show:
        print(f"  threshold {data['t']:.3f}: balanced error {everything:.4f}, "
              f"{ratios[0] * everything:.4f} with the poorest 10% aside, {ratios[1] * everything:.4f} with 20%")
        for lo, hi in zip((0, 0.35, 0.6, 0.85), (0.35, 0.6, 0.85, 1.01)):
            band = (pair_q >= lo) & (pair_q < hi)
            if band.any():
                print(f"  quality {lo:.2f}-{min(hi, 1):.2f}: {band.sum():6d} pairs, balanced error "
                      f"{balanced(data['wrong'], data['same'], band):.4f}")
    return float(np.mean(ratios))


def main(argv):
    show = bool(argv) and argv[0] == "show"
    argv = argv[1:] if show else argv
    folder, widths, datasets, p = ".", ["0", "32", "24", "16"], [], dict(DEFAULTS)
    while argv:
        a = argv.pop(0)
        if a == "--dir":
            folder = argv.pop(0)
        elif a == "--widths":
            widths = argv.pop(0).split(",")
        elif "=" in a:
            k, v = a.split("=")
            p[k] = float(v)
        else:
            datasets.append(a)
    datasets = datasets or ["orl", "yale"]
    data = {ds: mixed(folder, ds, widths) for ds in datasets}
    if show:
        for ds, d in data.items():
            print(ds)
            evaluate(d, p, show=True)
        return
    results = []
    for w0, w1, s0, s1, c0, c1 in itertools.product(
            (10, 12, 14), (24, 28, 32, 40), (0.4, 0.5, 0.55), (0.65, 0.75, 0.9), (0.2, 0.3, 0.5), (0.7, 0.9, 0.99)):
        q = dict(p, w0=w0, w1=w1, s0=s0, s1=s1, c0=c0, c1=c1)
        per = [evaluate(d, q) for d in data.values()]
        results.append((float(np.mean(per)), per, q))
    results.sort(key=lambda r: r[0])
    for mean, per, q in results[:10]:
        print(f"{mean:.3f} " + " ".join(f"{ds} {v:.3f}" for ds, v in zip(data, per)), {k: q[k] for k in DEFAULTS})
    print("given:", f"{np.mean([evaluate(d, p) for d in data.values()]):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
