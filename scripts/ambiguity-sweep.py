#!/usr/bin/env python3
"""What each ambiguity margin costs and catches, on a gallery's export (`facenet export --db G > G.jsonl`).

For every margin and threshold, two protocols over the exported encodings (the person is the "name" field):
  one picture: half the people enrolled from one picture each, the others strangers (SPLITS seeded splits);
               FNIR and FPIR as `evaluate --dataset` reports them;
  all others:  every picture searched against all the other pictures (leave-one-out), so each person is
               enrolled from several; right answers lost to "ambiguous", and strangers' false alarms caught
               (the picture's own person taken out of the gallery).
Usage: scripts/ambiguity-sweep.py EXPORT.jsonl... [--splits N]   (needs numpy)
"""
import json
import sys

import numpy as np

MARGINS = (0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1)
THRESHOLDS = (0.6, 0.54)


def load(path):
    rows = [json.loads(line) for line in open(path)]
    names = np.array([r["name"] for r in rows])
    x = np.array([r["embedding"] for r in rows], dtype=np.float64)
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    return names, d


def one_picture(names, d, splits, rng):
    people = sorted(set(names))
    index = {p: np.where(names == p)[0] for p in people}
    print("  one picture per enrolled person, %d splits" % splits)
    for t in THRESHOLDS:
        counts = {m: [0, 0, 0, 0] for m in MARGINS}  # right, mated, named strangers, non-mated
        for _ in range(splits):
            enrolled = [people[k] for k in rng.permutation(len(people))[: len(people) // 2]]
            picture = {p: rng.choice(index[p]) for p in enrolled}
            for i in range(len(names)):
                if names[i] in picture and picture[names[i]] == i:
                    continue
                (d1, n1), (d2, _) = sorted((d[i, picture[p]], p) for p in enrolled)[:2]
                mated = names[i] in picture
                for m, c in counts.items():
                    named = d1 < t and not (d2 < t and d2 - d1 < m)
                    if mated:
                        c[0] += named and n1 == names[i]
                        c[1] += 1
                    else:
                        c[2] += named
                        c[3] += 1
        for m, (right, mated, named, strangers) in counts.items():
            print("    threshold %.2f margin %.3f: FNIR %.4f  FPIR %.4f" % (t, m, 1 - right / mated, named / strangers))


def leave_one_out(names, d):
    people = sorted(set(names))
    index = {p: np.where(names == p)[0] for p in people}
    mated, strangers = [], []
    for i in range(len(names)):
        nearest = sorted((d[i, index[p][index[p] != i]].min(), p) for p in people if (index[p] != i).any())
        mated.append((nearest[0][1] == names[i], nearest[0][0], nearest[1][0]))
        others = [n for n in nearest if n[1] != names[i]]
        strangers.append((others[0][0], others[1][0]))
    print("  every other picture enrolled (leave-one-out), %d searches" % len(names))
    for t in THRESHOLDS:
        named = sum(1 for d1, _ in strangers if d1 < t)
        print("    threshold %.2f: %d of %d strangers named without a margin" % (t, named, len(strangers)))
        for m in MARGINS[1:]:
            lost = sum(1 for ok, d1, d2 in mated if ok and d1 < t and d2 < t and d2 - d1 < m)
            caught = sum(1 for ok, d1, d2 in mated if not ok and d1 < t and d2 < t and d2 - d1 < m)
            alarms = sum(1 for d1, d2 in strangers if d1 < t and d2 < t and d2 - d1 < m)
            print("      margin %.3f: right answers lost %d, wrong names caught %d, strangers' false alarms caught %d"
                  % (m, lost, caught, alarms))


def main(argv):
    splits = 200
    if "--splits" in argv:
        k = argv.index("--splits")
        splits = int(argv[k + 1])
        del argv[k : k + 2]
    if not argv:
        sys.exit(__doc__)
    for path in argv:
        names, d = load(path)
        print("%s: %d encodings of %d people" % (path, len(names), len(set(names))))
        one_picture(names, d, splits, np.random.default_rng(1))
        leave_one_out(names, d)


if __name__ == "__main__":
    main(sys.argv[1:])
