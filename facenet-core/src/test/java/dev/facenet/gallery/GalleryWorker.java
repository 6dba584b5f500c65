package dev.facenet.gallery;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A second process for the gallery tests: enrols people {@code PREFIX-i} for i = FROM, FROM+1, ...
 * into a gallery (a file or a database URL, as {@link Galleries} reads it) and prints "enrolled i"
 * after each enrolment has been committed. The tests kill it at a random moment or run two of it at
 * once. Usage: {@code GalleryWorker GALLERY PREFIX FROM COUNT} (COUNT -1: forever).
 */
public final class GalleryWorker {
  static final String MODEL = "worker-model";
  static final int DIMENSION = 128;

  private GalleryWorker() {}

  /**
   * How many encodings a complete enrolment of person i has: every third one is big (about 5 MB).
   */
  static int encodingsFor(int i, boolean big) {
    return big && i % 3 == 2 ? 10_000 : 3 + i % 4;
  }

  /** The k-th encoding of a person, the same in every process. */
  static float[] vector(String name, int k) {
    SplittableRandom random = new SplittableRandom(name.hashCode() * 31L + k);
    float[] v = new float[DIMENSION];
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) random.nextGaussian();
    }
    return v;
  }

  static List<Embedding> enrolment(String name, int count) {
    List<Embedding> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      out.add(new Embedding(MODEL, Crops.WHOLE_IMAGE, vector(name, k)));
    }
    return out;
  }

  public static void main(String[] args) {
    String prefix = args[1];
    int from = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    boolean big = args.length > 4 && args[4].equals("big");
    try (Gallery gallery = Galleries.open(args[0])) {
      for (int i = from; count < 0 || i < from + count; i++) {
        String name = prefix + "-" + i;
        gallery.enroll(name, enrolment(name, encodingsFor(i, big)));
        System.out.println("enrolled " + i);
        System.out.flush();
      }
    }
  }
}
