package dev.facenet.cli;

import static dev.facenet.cli.Formats.percent;

import dev.facenet.common.FaceNetException;
import dev.facenet.evaluate.RocPoint;
import dev.facenet.evaluate.VerificationReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet calibrate}: chooses the threshold that fits the user's own pictures and stores it
 * in the gallery for this model and crop, where verify and recognize find it from then on. Without
 * {@code --far} it is the k-fold threshold of best accuracy (as {@code evaluate} reports it); with
 * {@code --far X} it is the threshold that accepts the most same-person pairs while falsely
 * accepting at most a share X of the others.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description =
        "Choose the match threshold on your own pictures and store it in the gallery; verify and "
            + "recognize use it from then on. Default: the threshold of best accuracy (mean of the k folds'); "
            + "with --far X: the threshold that keeps the false accept rate at most X.")
final class CalibrateCommand extends FaceCommand {

  @Mixin PhotoOptions photo;

  @Mixin GalleryOption gallery;

  @ArgGroup(exclusive = true, multiplicity = "1")
  EvaluationSource source;

  @Mixin PairsOptions pairsOptions;

  @Option(
      names = "--far",
      paramLabel = "X",
      description =
          "Target false accept rate, e.g. 0.001 for 0.1%% (default: the threshold of best accuracy).")
  Double far;

  @Mixin BatchOption batch;

  @Override
  public Integer call() {
    if (far != null && !(far > 0 && far < 1)) {
      throw new FaceNetException(
          "--far must be a rate between 0 and 1 (e.g. 0.001 for 0.1%), got " + far);
    }
    int perCall = batch.value();
    Measurement.Input input =
        Measurement.prepare(source, pairsOptions, 0); // bad input fails before anything is opened
    // An existing file that is not a gallery is refused when the facade is built, before any
    // picture is encoded;
    // a missing one is created when the threshold is stored.
    return withFaces(
        gallery.creating(photo.apply(common.builder())),
        faces -> {
          String encoder = faces.model().id();
          String crop = faces.crop();
          OptionalDouble before = faces.calibratedThreshold();
          Measurement m =
              Measurement.run(faces, input, perCall, ProgressBar.onTerminal(err(), "encoding"));
          VerificationReport v = m.verification();
          double t = far == null ? v.threshold() : v.roc().thresholdForFar(far);
          if (!(t > 0) || Double.isInfinite(t)) {
            throw new FaceNetException(
                "no usable threshold: the pairs give " + t + " (are all the pictures the same?)");
          }
          RocPoint at = v.roc().at(t);
          faces.storeThreshold(t);
          if (json()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", encoder);
            j.put("crop", crop);
            j.put("threshold", t);
            j.put("previous", before.isPresent() ? before.getAsDouble() : null);
            j.put("target_far", far);
            j.put("far", at.far());
            j.put("tar", at.tar());
            j.put("accuracy", v.accuracy());
            j.put("pairs", v.pairs());
            printJson(j);
          } else {
            out()
                .printf(
                    Locale.ROOT,
                    "Stored threshold %.4f for %s/%s in %s (%s)%n",
                    t,
                    encoder,
                    crop,
                    gallery.shown(),
                    before.isPresent()
                        ? String.format(Locale.ROOT, "was %.4f", before.getAsDouble())
                        : "was the default " + Formats.threshold(faces.defaultThreshold()));
            out()
                .printf(
                    Locale.ROOT,
                    "On %d pairs it accepts %s of the same-person pairs and %s of the different-person pairs%s%n",
                    v.pairs(),
                    percent(at.tar()),
                    percent(at.far()),
                    far == null
                        ? String.format(Locale.ROOT, " (k-fold accuracy %s)", percent(v.accuracy()))
                        : String.format(Locale.ROOT, " (target FAR %s)", percent(far)));
          }
          return 0;
        });
  }
}
