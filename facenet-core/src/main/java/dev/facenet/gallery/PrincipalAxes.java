package dev.facenet.gallery;

/**
 * The mean of a set of vectors and the orthonormal directions along which they vary most, largest
 * first (principal component analysis): {@link HnswIndex} links its graph by each encoding's
 * coordinates along the first few, which hold most of every distance on face encodings.
 *
 * @param basis {@code m} unit vectors of {@code dimension} values, one after the other, orthogonal
 * @param mean the mean vector
 */
record PrincipalAxes(float[] basis, float[] mean) {

  /**
   * Fits to at most {@code sample} of the first {@code rows} vectors in {@code values} (spread
   * evenly over them), keeping {@code m} axes.
   */
  static PrincipalAxes fit(float[] values, int rows, int dimension, int sample, int m) {
    int step = Math.max(1, rows / sample);
    int used = 0;
    double[] mean = new double[dimension];
    for (int i = 0; i < rows; i += step, used++) {
      for (int d = 0; d < dimension; d++) {
        mean[d] += values[i * dimension + d];
      }
    }
    for (int d = 0; d < dimension; d++) {
      mean[d] /= used;
    }
    double[][] cov = new double[dimension][dimension];
    double[] x = new double[dimension];
    for (int i = 0; i < rows; i += step) {
      for (int d = 0; d < dimension; d++) {
        x[d] = values[i * dimension + d] - mean[d];
      }
      for (int a = 0; a < dimension; a++) {
        double xa = x[a];
        double[] row = cov[a];
        for (int b = a; b < dimension; b++) {
          row[b] += xa * x[b];
        }
      }
    }
    for (int a = 0; a < dimension; a++) {
      for (int b = 0; b < a; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    double[][] vectors = new double[dimension][dimension];
    double[] values2 = eigen(cov, vectors);
    Integer[] order = new Integer[dimension];
    for (int i = 0; i < dimension; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (p, q) -> Double.compare(values2[q], values2[p]));
    float[] basis = new float[m * dimension];
    for (int a = 0; a < m; a++) {
      int column = order[a];
      for (int d = 0; d < dimension; d++) {
        basis[a * dimension + d] = (float) vectors[d][column];
      }
    }
    float[] meanOut = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      meanOut[d] = (float) mean[d];
    }
    return new PrincipalAxes(basis, meanOut);
  }

  /** The vector's coordinates along these axes. */
  float[] project(float[] vector) {
    float[] out = new float[basis.length / mean.length];
    project(basis, mean, vector, 0, out, 0);
    return out;
  }

  /**
   * Coordinates along the axes in {@code basis} (of vectors centred on {@code mean}) of the vector
   * at {@code from[at..]}, written to {@code to[toAt..]}. Rows and queries go through this same
   * code, so a query equal to a row gets the same coordinates; float sums are precise enough for a
   * bound with slack.
   */
  static void project(float[] basis, float[] mean, float[] from, int at, float[] to, int toAt) {
    int dimension = mean.length;
    int head = basis.length / dimension;
    float[] centred = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      centred[d] = from[at + d] - mean[d];
    }
    for (int a = 0; a < head; a++) {
      int b = a * dimension;
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int d = 0;
      for (; d + 3 < dimension; d += 4) {
        s0 += basis[b + d] * centred[d];
        s1 += basis[b + d + 1] * centred[d + 1];
        s2 += basis[b + d + 2] * centred[d + 2];
        s3 += basis[b + d + 3] * centred[d + 3];
      }
      for (; d < dimension; d++) {
        s0 += basis[b + d] * centred[d];
      }
      to[toAt + a] = (s0 + s1) + (s2 + s3);
    }
  }

  /**
   * Eigenvalues of the symmetric matrix {@code a} (destroyed) by cyclic Jacobi rotations; the
   * eigenvectors go into the columns of {@code v}. Converges in a handful of sweeps at 128 x 128.
   */
  private static double[] eigen(double[][] a, double[][] v) {
    int n = a.length;
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 50; sweep++) {
      double off = 0;
      double diagonal = 0;
      for (int p = 0; p < n; p++) {
        diagonal += a[p][p] * a[p][p];
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-22 * diagonal || off == 0) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = a[p][q];
          if (Math.abs(apq) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[i][i];
    }
    return out;
  }
}
