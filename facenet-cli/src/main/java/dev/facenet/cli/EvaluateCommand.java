package dev.facenet.cli;

import static dev.facenet.cli.Formats.number;
import static dev.facenet.cli.Formats.percent;
import static dev.facenet.cli.Formats.rejections;

import dev.facenet.FaceNet;
import dev.facenet.common.FaceNetException;
import dev.facenet.evaluate.Dataset;
import dev.facenet.evaluate.IdentificationReport;
import dev.facenet.evaluate.OpenSetReport;
import dev.facenet.evaluate.QualityBands;
import dev.facenet.evaluate.Roc;
import dev.facenet.evaluate.RocPlot;
import dev.facenet.evaluate.ShrunkDataset;
import dev.facenet.evaluate.VerificationDiagnosis;
import dev.facenet.evaluate.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet evaluate}: the numbers the field judges a face system by, on an LFW-style pairs
 * file or on any folder-per-person dataset: k-fold verification accuracy (each fold's threshold
 * chosen on the others), AUC, EER, TAR at FAR 0.1% and 1%, and for a dataset rank-1 identification
 * and open-set rejection.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Measure accuracy: k-fold verification accuracy (threshold chosen on the other folds), AUC, EER, "
            + "TAR at FAR 0.1%% and 1%% on a pairs file or a folder-per-person dataset; with --dataset also rank-1 "
            + "identification (first picture of each person as the gallery) and open-set rejection.")
final class EvaluateCommand extends FaceCommand {

  @ArgGroup(exclusive = true, multiplicity = "1")
  EvaluationSource source;

  @Mixin PhotoOptions photo;

  @Mixin PairsOptions pairsOptions;

  @Mixin MarginOption margin;

  @Option(
      names = "--leave-out",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "With --dataset: people left out of the open-set gallery (default: a fifth of them).")
  int leaveOut;

  @Option(
      names = "--roc",
      paramLabel = "FILE.png",
      description = "Write the ROC curve to this PNG file.")
  Path roc;

  @Mixin BatchOption batch;

  @Option(
      names = "--face-width",
      paramLabel = "PX",
      split = ",",
      description =
          "With --dataset: first shrink every picture so that its face is about PX pixels wide (as"
              + " a camera farther away would see it), then measure on the shrunk pictures. Several"
              + " widths (e.g. 0,48,32,24; 0 for full size) are taken in turn, picture after"
              + " picture: a mix of near and far faces.")
  List<Integer> faceWidth;

  @Override
  public Integer call() {
    int perCall = batch.value();
    Measurement.Input input =
        Measurement.prepare(
            source, pairsOptions, leaveOut); // bad input fails before the network loads
    if (faceWidth != null && input.dataset() == null) {
      throw new FaceNetException(
          "--face-width needs --dataset (a pairs file names its own pictures)");
    }
    OptionalInt narrow =
        faceWidth == null ? OptionalInt.empty() : ShrunkDataset.tooNarrow(faceWidth);
    if (narrow.isPresent()) {
      throw new FaceNetException(
          "--face-width "
              + narrow.getAsInt()
              + ": faces narrower than "
              + ShrunkDataset.MIN_FACE_WIDTH
              + " px cannot be found");
    }
    return withFaces(
        margin.apply(photo.apply(common.builder())),
        faces -> {
          Measurement m =
              faceWidth == null
                  ? Measurement.run(
                      faces, input, perCall, ProgressBar.onTerminal(err(), "encoding"))
                  : shrunkAndMeasured(faces, input, perCall);
          if (roc != null) {
            writeRoc(m, faces, roc, source.label());
          }
          if (json()) {
            Map<String, Object> j = jsonOf(m);
            if (faceWidth != null) {
              j.put("face_width", faceWidth.size() == 1 ? faceWidth.get(0) : faceWidth);
            }
            printJson(j);
          } else {
            if (faceWidth != null) {
              out()
                  .println(
                      faceWidth.size() == 1
                          ? "pictures shrunk so that each face is about "
                              + faceWidth.get(0)
                              + " px wide"
                          : "pictures shrunk in turn so that their faces are about "
                              + String.join(
                                  ", ",
                                  faceWidth.stream()
                                      .map(w -> w == ShrunkDataset.FULL_SIZE ? "full size" : w + "")
                                      .toList())
                              + " px wide");
            }
            printText(out(), m, faces);
          }
          return 0;
        });
  }

  /** The dataset shrunk to {@code --face-width} in a temporary folder, measured, then removed. */
  private Measurement shrunkAndMeasured(FaceNet faces, Measurement.Input input, int perCall) {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("facenet-shrunk-");
    } catch (IOException e) {
      throw new FaceNetException("cannot make a temporary folder for the shrunk pictures: " + e);
    }
    try {
      Dataset shrunk =
          ShrunkDataset.write(
              input.dataset(), faces, faceWidth, tmp, ProgressBar.onTerminal(err(), "shrinking"));
      return Measurement.run(
          faces,
          input.on(shrunk, pairsOptions),
          perCall,
          ProgressBar.onTerminal(err(), "encoding"));
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Removes a temporary folder and what is in it; what cannot be removed is left. */
  private static void deleteQuietly(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder: the system clears it in the end
    }
  }

  static void writeRoc(Measurement m, FaceNet faces, Path file, String label) {
    Roc curve = m.verification().roc();
    String title =
        String.format(
            Locale.ROOT,
            "ROC of %s on %s: accuracy %s ± %s",
            faces.model(),
            label,
            percent(m.verification().accuracy()),
            percent(m.verification().std()));
    RocPlot.write(curve, curve.at(m.verification().threshold()), title, file);
  }

  /** The evaluation as JSON; a dataset adds its identification figures. */
  static Map<String, Object> jsonOf(Measurement m) {
    VerificationReport v = m.verification();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("accuracy", v.accuracy());
    j.put("std", v.std());
    j.put("threshold", v.threshold());
    j.put("auc", v.auc());
    j.put("eer", v.eer());
    Map<String, Object> tar = new LinkedHashMap<>();
    tar.put("0.001", v.tarAtFar(0.001));
    tar.put("0.01", v.tarAtFar(0.01));
    j.put("tar_at_far", tar);
    j.put("pairs", v.pairs());
    j.put("no_face", v.noFace().size());
    if (v.quality() != null) {
      j.put("quality_bands", jsonOf(v.quality()));
    }
    if (m.dataset() != null) {
      IdentificationReport id = m.dataset().identification();
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("rank1", number(id.rank1()));
      i.put("probes", id.probes());
      i.put("left_out", id.leftOut().size());
      i.put("rejected", number(id.rejectionRate()));
      i.put("open_set_accuracy", number(id.openSetAccuracy()));
      j.put("identification", i);
      OpenSetReport o = m.dataset().openSet();
      if (o != null) {
        j.put("open_set", jsonOf(o));
      }
      VerificationDiagnosis d = m.dataset().diagnosis();
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("effective_dimensions", number(d.effectiveDimensions()));
      g.put(
          "rejected_same_person_pairs",
          d.rejectedPeople().stream()
              .map(
                  r -> {
                    Map<String, Object> person = new LinkedHashMap<>();
                    person.put("person", r.person());
                    person.put("rejected", r.rejected());
                    person.put("pairs", r.pairs());
                    return person;
                  })
              .toList());
      j.put("diagnosis", g);
    }
    return j;
  }

  /** The errors by band of face quality, then what is left when the poorest pairs are set aside. */
  static Map<String, Object> jsonOf(QualityBands q) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("threshold", q.threshold());
    j.put("no_face", jsonOf(q.noFace()));
    j.put("bands", q.bands().stream().map(EvaluateCommand::jsonOf).toList());
    List<Map<String, Object>> rejections = new ArrayList<>();
    for (QualityBands.Rejection r : q.rejections()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("set_aside", r.share());
      row.put("pairs", r.pairs());
      row.put("errors", r.errors());
      row.put("error_rate", number(r.errorRate()));
      rejections.add(row);
    }
    j.put("error_versus_reject", rejections);
    return j;
  }

  private static Map<String, Object> jsonOf(QualityBands.Band b) {
    Map<String, Object> band = new LinkedHashMap<>();
    if (!Double.isNaN(b.from())) {
      band.put("from", b.from());
      band.put("to", b.to());
    }
    band.put("pairs", b.pairs());
    band.put("same", b.same());
    band.put("false_rejects", b.falseRejects());
    band.put("different", b.different());
    band.put("false_accepts", b.falseAccepts());
    band.put("error_rate", number(b.errorRate()));
    return band;
  }

  /** The open-set figures: FNIR at each FPIR, then the decisions at the threshold. */
  static Map<String, Object> jsonOf(OpenSetReport o) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("enrolled_people", o.galleryPeople());
    j.put("strangers", o.strangers());
    j.put("splits", o.splits());
    j.put("mated_searches", o.matedSearches());
    j.put("non_mated_searches", o.nonMatedSearches());
    List<Map<String, Object>> points = new ArrayList<>();
    for (OpenSetReport.AtFpir p : o.atFpir()) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("target_fpir", p.targetFpir());
      point.put("threshold", number(p.threshold()));
      point.put("fpir", p.fpir());
      point.put("fnir", p.fnir());
      point.put("enough_searches", p.enoughSearches());
      points.add(point);
    }
    j.put("fnir_at_fpir", points);
    j.put("margin", o.margin());
    List<Map<String, Object>> decisions = new ArrayList<>();
    for (OpenSetReport.AtThreshold t : o.atThresholds()) {
      Map<String, Object> at = new LinkedHashMap<>();
      at.put("threshold", t.threshold());
      at.put("without_margin", jsonOf(t.plain()));
      at.put("with_margin", jsonOf(t.withMargin()));
      decisions.add(at);
    }
    j.put("decisions", decisions);
    return j;
  }

  private static Map<String, Object> jsonOf(OpenSetReport.Decisions d) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("right", d.matedRight());
    j.put("wrong", d.matedWrong());
    j.put("rejected", d.matedRejected());
    j.put("ambiguous", d.matedAmbiguous());
    j.put("strangers_named", d.nonMatedNamed());
    j.put("strangers_ambiguous", d.nonMatedAmbiguous());
    j.put("fnir", number(d.fnir()));
    j.put("fpir", number(d.fpir()));
    j.put("misidentified", number(d.misidentified()));
    return j;
  }

  static void printText(PrintWriter out, Measurement m, FaceNet faces) {
    VerificationReport v = m.verification();
    out.printf(
        Locale.ROOT,
        "%s (%s): %d pairs in %d folds of %d + %d%s%n",
        faces.model(),
        faces.crop(),
        v.pairs(),
        m.pairs().folds(),
        m.pairs().perFold(),
        m.pairs().perFold(),
        m.dataset() == null
            ? ""
            : m.disjointPeople()
                ? ", each fold with people of its own"
                : ", pairs drawn from everyone and dealt out to the folds (not enough people for folds of their own)");
    out.printf(
        Locale.ROOT,
        "  accuracy   %s ± %s (threshold chosen on the other folds)%n",
        percent(v.accuracy()),
        percent(v.std()));
    out.printf(Locale.ROOT, "  threshold  %.4f (mean of the folds')%n", v.threshold());
    out.printf(Locale.ROOT, "  AUC        %.4f%n", v.auc());
    out.printf(Locale.ROOT, "  EER        %s%n", percent(v.eer()));
    out.printf(
        Locale.ROOT,
        "  TAR        %s at FAR 0.1%%, %s at FAR 1%%%n",
        percent(v.tarAtFar(0.001)),
        percent(v.tarAtFar(0.01)));
    out.printf(
        Locale.ROOT,
        "  no face    %d pictures%s%n",
        v.noFace().size(),
        faces.crop().equals(dev.facenet.common.Crops.WHOLE_IMAGE)
            ? " (whole pictures are taken as faces)"
            : "");
    for (Path p : v.noFace()) {
      out.println("    " + p);
    }
    if (v.quality() != null) {
      printQualityBands(out, v.quality());
    }
    if (m.dataset() != null) {
      IdentificationReport id = m.dataset().identification();
      out.printf(
          Locale.ROOT,
          "  rank-1     %s of %d probes (gallery: the first picture of each of %d people)%n",
          percent(id.rank1()),
          id.probes(),
          id.galleryPeople());
      if (!id.leftOut().isEmpty()) {
        out.printf(
            Locale.ROOT,
            "  left out   %d %s left out of the gallery: %s of their %d pictures rejected at %.4f;"
                + " %s of the other probes recognised%n",
            id.leftOut().size(),
            id.leftOut().size() == 1 ? "person" : "people",
            percent(id.rejectionRate()),
            id.unknownProbes(),
            id.threshold(),
            percent(id.openSetAccuracy()));
      }
      OpenSetReport o = m.dataset().openSet();
      if (o != null) {
        printOpenSet(out, o);
      }
      VerificationDiagnosis d = m.dataset().diagnosis();
      if (Double.isFinite(d.effectiveDimensions())) {
        out.printf(
            Locale.ROOT,
            "  spread     the encodings use about %.1f dimensions%n",
            d.effectiveDimensions());
        out.printf(
            Locale.ROOT,
            "  split      same-person pairs called different at the threshold: %s%n",
            rejections(d.rejectedPeople(), "--json"));
      }
    }
    out.printf(
        Locale.ROOT,
        "  speed      %d pictures encoded in %.1f s: %.1f pictures/s%n",
        m.encodings().size(),
        m.encodings().seconds(),
        m.encodings().picturesPerSecond());
  }

  /**
   * One line per band of the poorer face's quality (its pairs, their errors at the threshold), then
   * the error rate left when the poorest pairs are set aside.
   */
  private static void printQualityBands(PrintWriter out, QualityBands q) {
    out.printf(
        Locale.ROOT,
        "  quality    errors at %.4f by the quality of the poorer face of each pair:%n",
        q.threshold());
    List<QualityBands.Band> rows = new ArrayList<>();
    rows.add(q.noFace());
    rows.addAll(q.bands());
    for (QualityBands.Band b : rows) {
      out.printf(
          Locale.ROOT,
          "             %-21s %5d pairs, %4d wrong (%s): %d of %d same-person rejected,"
              + " %d of %d different accepted%n",
          Double.isNaN(b.from())
              ? "no face found"
              : String.format(Locale.ROOT, "%.2f-%.2f", b.from(), b.to())
                  + (b.from() == 0 ? " (too poor)" : ""),
          b.pairs(),
          b.errors(),
          percent(b.errorRate()),
          b.falseRejects(),
          b.same(),
          b.falseAccepts(),
          b.different());
    }
    out.println(
        "             error with the poorest pairs set aside: "
            + String.join(
                ", ",
                q.rejections().stream()
                    .map(
                        r ->
                            String.format(
                                Locale.ROOT, "%.0f%%: %s", r.share() * 100, percent(r.errorRate())))
                    .toList()));
  }

  /** FNIR at FPIR 1% and 0.1%, then what the margin changes at the threshold. */
  private static void printOpenSet(PrintWriter out, OpenSetReport o) {
    out.printf(
        Locale.ROOT,
        "  open set   NIST-style: %d people enrolled (first picture), %d strangers, %d splits:"
            + " %d mated and %d non-mated searches%n",
        o.galleryPeople(),
        o.strangers(),
        o.splits(),
        o.matedSearches(),
        o.nonMatedSearches());
    for (OpenSetReport.AtFpir p : o.atFpir()) {
      out.printf(
          Locale.ROOT,
          "             FNIR %s at FPIR %s (threshold %.4f, FPIR reached %s)%s%n",
          percent(p.fnir()),
          percent(p.targetFpir()),
          p.threshold(),
          percent(p.fpir()),
          p.enoughSearches() ? "" : ", too few non-mated searches: an upper bound");
    }
    for (OpenSetReport.AtThreshold t : o.atThresholds()) {
      for (OpenSetReport.Decisions d : List.of(t.plain(), t.withMargin())) {
        out.printf(
            Locale.ROOT,
            "             at %.4f%s: %d right, %d wrong, %d rejected, %d ambiguous of the mated;"
                + " %d strangers named, %d ambiguous (FNIR %s, FPIR %s)%n",
            t.threshold(),
            d == t.plain() ? "" : String.format(Locale.ROOT, " margin %.2f", o.margin()),
            d.matedRight(),
            d.matedWrong(),
            d.matedRejected(),
            d.matedAmbiguous(),
            d.nonMatedNamed(),
            d.nonMatedAmbiguous(),
            percent(d.fnir()),
            percent(d.fpir()));
      }
    }
  }
}
