#!/usr/bin/env python3
"""The threshold for mirror-averaged encodings (--flip) that behaves as 0.6 does for plain ones.

Given gallery exports of the same pictures enrolled without and with --flip
(`facenet enroll --dataset DIR --db G [--flip] && facenet export --db G > G.jsonl`), pairs every two
encodings, and reads off the flip threshold that accepts the same share of different-person pairs (FAR)
as 0.6 does without flip, and the one that accepts the same share of same-person pairs (TAR).
Usage: scripts/flip-threshold.py PLAIN.jsonl FLIP.jsonl [PLAIN.jsonl FLIP.jsonl ...] [--at 0.6]  (numpy)
Each dataset's pairs are weighted equally when several are given.
"""
import json
import sys

import numpy as np


def pairs(path):
    rows = [json.loads(line) for line in open(path)]
    names = np.array([r["name"] for r in rows])
    x = np.array([r["embedding"] for r in rows], dtype=np.float64)
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    upper = np.triu_indices(len(rows), 1)
    same = names[upper[0]] == names[upper[1]]
    return d[upper][same], d[upper][~same]


def rate_under(distances, t):
    return float(np.mean(distances < t))


def matching_threshold(distances, rate):
    """The threshold under which `rate` of the distances fall (interpolated)."""
    return float(np.quantile(distances, rate))


def main(argv):
    at = 0.6
    if "--at" in argv:
        k = argv.index("--at")
        at = float(argv[k + 1])
        del argv[k : k + 2]
    if len(argv) < 2 or len(argv) % 2:
        sys.exit(__doc__)
    far_t, tar_t = [], []
    for plain_path, flip_path in zip(argv[::2], argv[1::2]):
        same_p, diff_p = pairs(plain_path)
        same_f, diff_f = pairs(flip_path)
        far = rate_under(diff_p, at)
        tar = rate_under(same_p, at)
        t_far = matching_threshold(diff_f, far)
        t_tar = matching_threshold(same_f, tar)
        far_t.append(t_far)
        tar_t.append(t_tar)
        print("%s vs %s: %d same-person, %d different-person pairs" % (plain_path, flip_path, len(same_p), len(diff_p)))
        print("  plain at %.2f: FAR %.4f TAR %.4f; median distance same %.4f different %.4f"
              % (at, far, tar, np.median(same_p), np.median(diff_p)))
        print("  flip: median distance same %.4f different %.4f; at %.2f FAR %.4f TAR %.4f"
              % (np.median(same_f), np.median(diff_f), at, rate_under(diff_f, at), rate_under(same_f, at)))
        print("  flip threshold with the same FAR: %.4f (TAR there %.4f); with the same TAR: %.4f (FAR there %.4f)"
              % (t_far, rate_under(same_f, t_far), t_tar, rate_under(diff_f, t_tar)))
    print("mean over the datasets: same FAR %.4f, same TAR %.4f" % (np.mean(far_t), np.mean(tar_t)))


if __name__ == "__main__":
    main(sys.argv[1:])
