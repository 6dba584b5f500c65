package dev.facenet.train;

import com.google.gson.GsonBuilder;
import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import dev.facenet.evaluate.VerificationDiagnosis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The small JSON file that travels with trained weights and says what they are: the network, where
 * the data came from and who was in it, how long it trained, and how well it verifies people it
 * never saw (with the threshold to use for them), with a {@link VerificationDiagnosis} of the
 * misses: how many dimensions the held-out encodings spread over, and whose same-person pairs the
 * threshold rejects. {@code teacher} is null when the triplet loss was the whole loss.
 */
public record ModelCard(
    String model,
    String crop,
    String data,
    String initialisation,
    List<String> trainingPeople,
    List<String> heldOutPeople,
    int trainingPictures,
    int heldOutPictures,
    int skippedPeople,
    int unreadablePictures,
    int wholePictureFallbacks,
    int epochs,
    String mining,
    float margin,
    float learningRate,
    String learningRateSchedule,
    String augmentation,
    List<String> frozenStages,
    Distillation teacher,
    int identitiesPerBatch,
    int imagesPerIdentity,
    long seed,
    double untrainedHeldOutAccuracy,
    double heldOutAccuracy,
    double threshold,
    int heldOutPairs,
    double heldOutEffectiveDimensions,
    List<VerificationDiagnosis.Rejections> heldOutRejections,
    double trainingSeconds,
    double picturesPerSecond,
    List<String> weightFiles,
    List<EpochResult> history) {

  /** The file name inside the output folder. */
  public static final String FILE = "model-card.json";

  /** A builder: a card is made from the run's options, chips, history and diagnosis. */
  public static ModelCardBuilder builder() {
    return new ModelCardBuilder();
  }

  /**
   * The pretrained encoder the network learnt from as well ({@code --teacher}), and the weight of
   * its term.
   */
  public record Distillation(String model, float weight) {}

  public String toJson() {
    // JSON has no NaN: figures that do not exist (the loss before training, accuracy without
    // held-out people) are null.
    com.google.gson.TypeAdapter<Double> finite =
        new com.google.gson.TypeAdapter<>() {
          @Override
          public void write(com.google.gson.stream.JsonWriter out, Double v)
              throws java.io.IOException {
            if (v == null || !Double.isFinite(v)) {
              out.nullValue();
            } else {
              out.value(v);
            }
          }

          @Override
          public Double read(com.google.gson.stream.JsonReader in) throws java.io.IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
              in.nextNull();
              return Double.NaN;
            }
            return in.nextDouble();
          }
        };
    return new GsonBuilder()
        .setPrettyPrinting()
        .serializeNulls()
        .registerTypeAdapter(double.class, finite)
        .registerTypeAdapter(Double.class, finite)
        .create()
        .toJson(this);
  }

  /** Writes the card to {@code dir}/{@link #FILE} (through {@link AtomicFile}). */
  public void write(Path dir) {
    Path target = dir.resolve(FILE);
    try {
      Files.createDirectories(dir);
      byte[] json = (toJson() + "\n").getBytes(StandardCharsets.UTF_8);
      AtomicFile.write(target, out -> out.write(json));
    } catch (IOException e) {
      throw new FaceNetException(
          target + ": cannot write the model card (" + e.getMessage() + ")", e);
    }
  }
}
