package dev.facenet.cli;

import dev.facenet.ModelName;
import dev.facenet.common.Choice;
import dev.facenet.common.CropMode;
import dev.facenet.common.Detector;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.SearchMode;
import dev.facenet.train.Mining;
import dev.facenet.train.TrainableNetworks;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli's side of the typed options: how a word on the command line becomes the value, and the
 * words {@code --help} lists as {@code ${COMPLETION-CANDIDATES}}. A wrong word is refused while the
 * command line is parsed, with the value's own message (one line, exit code 2). Each subclass
 * serves an option as both its {@code converter} and its {@code completionCandidates}.
 */
abstract class Choices<T> implements ITypeConverter<T>, Iterable<String> {
  private final Function<String, T> parse;
  private final Supplier<List<String>> words;

  Choices(Function<String, T> parse, Supplier<List<String>> words) {
    this.parse = parse;
    this.words = words;
  }

  @Override
  public T convert(String word) {
    try {
      return parse.apply(word);
    } catch (FaceNetException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  @Override
  public Iterator<String> iterator() {
    return words.get().iterator();
  }

  /** {@code --model}: the encoders registered with the library. */
  static final class Models extends Choices<ModelName> {
    Models() {
      super(ModelName::of, () -> ModelName.known().stream().map(ModelName::id).toList());
    }
  }

  /** {@code train --model}: the networks facenet can train. */
  static final class TrainableModels extends Choices<ModelName> {
    TrainableModels() {
      super(word -> ModelName.of(TrainableNetworks.check(word)), TrainableNetworks::names);
    }
  }

  /** {@code --detector}. */
  static final class Detectors extends Choices<Detector> {
    Detectors() {
      super(Detector::parse, () -> Choice.ids(Detector.class));
    }
  }

  /** {@code train --crop}. */
  static final class CropModes extends Choices<CropMode> {
    CropModes() {
      super(CropMode::parse, () -> Choice.ids(CropMode.class));
    }
  }

  /** {@code recognize --search}. */
  static final class SearchModes extends Choices<SearchMode> {
    SearchModes() {
      super(SearchMode::parse, () -> Choice.ids(SearchMode.class));
    }
  }

  /** {@code train --mining}. */
  static final class Minings extends Choices<Mining> {
    Minings() {
      super(Mining::parse, () -> Choice.ids(Mining.class));
    }
  }
}
