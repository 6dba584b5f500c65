package dev.facenet.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Online triplet selection: picks the triplets of a batch from the squared distances between the
 * encodings the network currently makes (the loss is on squared distances, so the margin is too).
 *
 * <p>Semi-hard (FaceNet, section 3.2): for every ordered anchor-positive pair, the nearest negative
 * with {@code d(a,p) < d(a,n) < d(a,p) + margin}. When there is none, and some negatives are nearer
 * than the positive, the farthest of those (the least hard one, the gentlest triplet that still has
 * a loss: the paper warns that the hardest negatives early on lead to a collapsed model); when
 * every negative is already beyond the margin the pair adds nothing and gives no triplet.
 * Batch-hard: for every anchor, its farthest positive and its nearest negative. All: every valid
 * triplet. Ties go to the lower index, so the choice is deterministic.
 */
public final class TripletSelector {
  private final Mining mining;
  private final float margin;

  public TripletSelector(Mining mining, float margin) {
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("margin must be 0 or more");
    }
    this.mining = mining;
    this.margin = margin;
  }

  public Mining mining() {
    return mining;
  }

  public float margin() {
    return margin;
  }

  /** The triplets of a batch given its squared distance matrix and each picture's person. */
  public List<Triplet> select(float[][] d, int[] labels) {
    return switch (mining) {
      case SEMI_HARD -> semiHard(d, labels);
      case BATCH_HARD -> batchHard(d, labels);
      case ALL -> all(d, labels);
    };
  }

  private List<Triplet> semiHard(float[][] d, int[] labels) {
    int n = labels.length;
    List<Triplet> out = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        if (p == a || labels[p] != labels[a]) {
          continue;
        }
        float dap = d[a][p];
        int semi = -1;
        int hard = -1;
        for (int x = 0; x < n; x++) {
          if (labels[x] == labels[a]) {
            continue;
          }
          float dan = d[a][x];
          if (dan > dap && dan < dap + margin) {
            if (semi < 0 || dan < d[a][semi]) {
              semi = x;
            }
          } else if (dan <= dap) {
            if (hard < 0 || dan > d[a][hard]) {
              hard = x;
            }
          }
        }
        int neg = semi >= 0 ? semi : hard;
        if (neg >= 0) {
          out.add(new Triplet(a, p, neg));
        }
      }
    }
    return out;
  }

  private List<Triplet> batchHard(float[][] d, int[] labels) {
    int n = labels.length;
    List<Triplet> out = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      int pos = -1;
      int neg = -1;
      for (int x = 0; x < n; x++) {
        if (x == a) {
          continue;
        }
        if (labels[x] == labels[a]) {
          if (pos < 0 || d[a][x] > d[a][pos]) {
            pos = x;
          }
        } else if (neg < 0 || d[a][x] < d[a][neg]) {
          neg = x;
        }
      }
      if (pos >= 0 && neg >= 0) {
        out.add(new Triplet(a, pos, neg));
      }
    }
    return out;
  }

  private List<Triplet> all(float[][] d, int[] labels) {
    int n = labels.length;
    List<Triplet> out = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        if (p == a || labels[p] != labels[a]) {
          continue;
        }
        for (int x = 0; x < n; x++) {
          if (labels[x] != labels[a]) {
            out.add(new Triplet(a, p, x));
          }
        }
      }
    }
    return out;
  }

  /**
   * Share of all valid triplets of the batch that still have a loss ({@code d(a,p) - d(a,n) +
   * margin > 0}): what is left to learn in this batch, whatever the mining (the figure the progress
   * line shows).
   */
  public float activeShare(float[][] d, int[] labels) {
    int n = labels.length;
    long valid = 0;
    long active = 0;
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        if (p == a || labels[p] != labels[a]) {
          continue;
        }
        for (int x = 0; x < n; x++) {
          if (labels[x] != labels[a]) {
            valid++;
            if (d[a][p] - d[a][x] + margin > 0) {
              active++;
            }
          }
        }
      }
    }
    return valid == 0 ? 0f : (float) active / valid;
  }

  /** Squared Euclidean distances between the rows of {@code e}. */
  public static float[][] squaredDistances(float[][] e) {
    int n = e.length;
    float[][] d = new float[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int c = 0; c < e[i].length; c++) {
          double t = (double) e[i][c] - e[j][c];
          s += t * t;
        }
        d[i][j] = (float) s;
        d[j][i] = (float) s;
      }
    }
    return d;
  }
}
