package dev.facenet.bench;

import dev.facenet.common.Embedding;
import dev.facenet.common.FaceChoice;
import dev.facenet.common.FaceNetException;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.image.ImageLoader;
import dev.facenet.pipeline.FaceFinder;
import dev.facenet.pipeline.FacePipeline;
import dev.facenet.pipeline.FoundFace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures what {@code --flip} (the mean of the encodings of a chip and its mirror image) gains: on
 * a data set of one folder per person, every picture is detected and aligned once, encoded plain
 * and flipped, and for all pairs the same-person and different-person distances are compared: their
 * means, the share of pairs judged right at 0.6, the best accuracy over all thresholds, and the
 * equal error rate. Pictures where no face is found are counted and left out. A command, not a
 * test.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.FlipGain [--model resnet] [--per-person N] DATASET...
 * </pre>
 */
public final class FlipGain {
  private FlipGain() {}

  public static void main(String[] args) throws IOException {
    String model = "resnet";
    int perPerson = Integer.MAX_VALUE;
    List<Path> sets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = args[++i];
        case "--per-person" -> perPerson = Integer.parseInt(args[++i]);
        default -> sets.add(Path.of(args[i]));
      }
    }
    try (FaceFinder finder = new FaceFinder();
        FaceEncoder encoder = FaceEncoders.open(model, EncoderOptions.defaults())) {
      FacePipeline plain = new FacePipeline(finder, encoder, false);
      FacePipeline flipped = new FacePipeline(finder, encoder, true);
      for (Path set : sets) {
        List<Integer> person = new ArrayList<>();
        List<float[]> a = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        int missed = 0;
        int id = 0;
        for (Path dir : list(set).stream().filter(Files::isDirectory).toList()) {
          List<Path> files =
              list(dir).stream().filter(Files::isRegularFile).limit(perPerson).toList();
          for (Path f : files) {
            BufferedImage picture;
            try {
              picture = ImageLoader.load(f);
            } catch (FaceNetException e) {
              continue;
            }
            List<FoundFace> found = finder.find(picture);
            if (found.isEmpty()) {
              missed++;
              continue;
            }
            FoundFace biggest =
                FaceChoice.main(found, FoundFace::box, FoundFace::score).orElseThrow();
            List<BufferedImage> chip = plain.chips(picture, List.of(biggest));
            a.add(plain.embed(chip).get(0).values());
            b.add(flipped.embed(chip).get(0).values());
            person.add(id);
          }
          id++;
        }
        System.out.printf(
            Locale.ROOT,
            "%s: %d people, %d pictures with a face, %d without%n",
            set,
            id,
            a.size(),
            missed);
        report("plain  ", a, person);
        report("flipped", b, person);
      }
    }
  }

  private static void report(String label, List<float[]> v, List<Integer> person) {
    List<Double> same = new ArrayList<>();
    List<Double> diff = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      for (int j = i + 1; j < v.size(); j++) {
        double d = Embedding.distance(v.get(i), v.get(j));
        (person.get(i).equals(person.get(j)) ? same : diff).add(d);
      }
    }
    double[] s = same.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] d = diff.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double at06 = (count(s, 0.6, true) + count(d, 0.6, false)) / (double) (s.length + d.length);
    // Balanced accuracy (mean of the two rates) over all thresholds, and the equal error rate.
    double best = 0;
    double bestT = 0;
    double eer = 1;
    double gap = 2;
    for (double t = 0.2; t <= 1.0; t += 0.005) {
      double tpr = count(s, t, true) / (double) s.length;
      double tnr = count(d, t, false) / (double) d.length;
      if ((tpr + tnr) / 2 > best) {
        best = (tpr + tnr) / 2;
        bestT = t;
      }
      if (Math.abs((1 - tpr) - (1 - tnr)) < gap) {
        gap = Math.abs((1 - tpr) - (1 - tnr));
        eer = ((1 - tpr) + (1 - tnr)) / 2;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  %s same %.4f (sd %.4f), different %.4f (sd %.4f); right at 0.6: same %.2f%%, "
            + "different %.2f%%, all pairs %.2f%%; best balanced %.2f%% at %.3f; EER %.2f%%%n",
        label,
        mean(s),
        sd(s),
        mean(d),
        sd(d),
        100.0 * count(s, 0.6, true) / s.length,
        100.0 * count(d, 0.6, false) / d.length,
        100 * at06,
        100 * best,
        bestT,
        100 * eer);
  }

  private static long count(double[] sorted, double t, boolean under) {
    long n = Arrays.stream(sorted).filter(x -> x < t).count();
    return under ? n : sorted.length - n;
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  private static double sd(double[] x) {
    double m = mean(x);
    return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
