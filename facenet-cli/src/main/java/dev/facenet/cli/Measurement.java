package dev.facenet.cli;

import dev.facenet.FaceNet;
import dev.facenet.common.FaceNetException;
import dev.facenet.evaluate.BatchEncoder;
import dev.facenet.evaluate.Dataset;
import dev.facenet.evaluate.DatasetReport;
import dev.facenet.evaluate.EncodingTable;
import dev.facenet.evaluate.Evaluator;
import dev.facenet.evaluate.Pairs;
import dev.facenet.evaluate.PairsGenerator;
import dev.facenet.evaluate.Progress;
import dev.facenet.evaluate.VerificationReport;

/**
 * One evaluation run shared by {@code evaluate} and {@code calibrate}: the pairs file is read (or
 * pairs are generated for a dataset) before any network is loaded, so bad input fails at once; then
 * every picture is encoded once and the figures computed.
 *
 * @param dataset the dataset figures (identification included), null for a pairs file
 * @param disjointPeople whether each fold's pairs are of people no other fold has (taken as so for
 *     a pairs file)
 */
record Measurement(
    Pairs pairs,
    VerificationReport verification,
    DatasetReport dataset,
    EncodingTable encodings,
    boolean disjointPeople) {

  /** The checked input of a run: a pairs file read, or a dataset with its pairs generated. */
  record Input(
      Pairs pairs, Dataset dataset, PairsGenerator.Result generated, long seed, int leaveOut) {

    /** The same run on {@code other}, a copy of this input's dataset (shrunk pictures, say). */
    Input on(Dataset other, PairsOptions options) {
      PairsGenerator.Result g =
          PairsGenerator.generate(other, options.folds, options.perFold, seed);
      return new Input(g.pairs(), other, g, seed, leaveOut);
    }
  }

  /**
   * Reads and checks the input; {@code leaveOut} < 0 means the default share of people left out.
   */
  static Input prepare(EvaluationSource source, PairsOptions options, int leaveOut) {
    if (source.isDataset()) {
      Dataset d = source.scanDataset();
      PairsGenerator.Result g =
          PairsGenerator.generate(d, options.folds, options.perFold, options.seed);
      int out = leaveOut >= 0 ? leaveOut : Evaluator.defaultLeaveOut(d);
      if (out > d.people().size() - 1) {
        throw new FaceNetException(
            "--leave-out " + out + ": the dataset has only " + d.people().size() + " people");
      }
      return new Input(g.pairs(), d, g, options.seed, out);
    }
    return new Input(source.readPairs(), null, null, 0, 0);
  }

  /** Encodes and measures. */
  static Measurement run(FaceNet faces, Input input, int batch, Progress progress) {
    Evaluator evaluator = new Evaluator(BatchEncoder.of(faces), batch, progress);
    if (input.dataset() != null) {
      DatasetReport r =
          evaluator.evaluate(
              input.dataset(),
              input.generated(),
              input.seed(),
              input.leaveOut(),
              new Evaluator.Decisions(faces.threshold(), faces.ambiguityMargin()));
      return new Measurement(
          input.pairs(), r.verification(), r, r.encodings(), input.generated().disjointPeople());
    }
    EncodingTable table = evaluator.encode(input.pairs());
    return new Measurement(
        input.pairs(), Evaluator.verify(input.pairs(), table), null, table, true);
  }
}
