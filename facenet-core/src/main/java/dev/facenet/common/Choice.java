package dev.facenet.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A value chosen by a word on the command line: an enum constant with its id, e.g. {@code
 * semi-hard}.
 */
public interface Choice {
  /** The word that names this value. */
  String id();

  /**
   * The constant of {@code type} named {@code word} (case, surrounding spaces and '_' for '-'
   * ignored), if any.
   */
  static <E extends Enum<E> & Choice> Optional<E> find(Class<E> type, String word) {
    String n = word == null ? "" : word.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(type.getEnumConstants()).filter(c -> c.id().equals(n)).findFirst();
  }

  /** The ids of {@code type}'s constants, in their order. */
  static <E extends Enum<E> & Choice> List<String> ids(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Choice::id).toList();
  }
}
