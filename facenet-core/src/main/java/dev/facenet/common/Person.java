package dev.facenet.common;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * A person in the gallery: their name, how many encodings they have, and which model/crop made
 * them.
 *
 * <p>Names are compared ignoring case and Unicode normalisation ({@link #key}): "Andrew", "andrew"
 * and "ANDREW" are one person, whose name keeps the spelling it was first given.
 */
public record Person(String name, int encodings, List<String> models) {
  /** Longest name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 200;

  public Person {
    models = List.copyOf(models);
  }

  /**
   * A name as the gallery stores it: Unicode NFC, so "José" typed on two keyboards is one person.
   * Refuses an empty name, one with spaces at its ends, control or invisible format characters (a
   * line break would garble every listing; the zero-width joiners that some scripts need are
   * allowed), and names over {@link #MAX_NAME_LENGTH} characters.
   */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new FaceNetException("a person's name must not be empty");
    }
    String n = normalise(name);
    if (n.isBlank()) {
      throw new FaceNetException("a person's name must not be blank");
    }
    if (!n.strip().equals(n)) {
      throw new FaceNetException(
          "a person's name must not start or end with spaces: '" + n.strip() + "'");
    }
    if (n.length() > MAX_NAME_LENGTH) {
      throw new FaceNetException(
          "a person's name must be at most " + MAX_NAME_LENGTH + " characters, got " + n.length());
    }
    for (int i = 0; i < n.length(); ) {
      int c = n.codePointAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || (type == Character.FORMAT && c != 0x200C && c != 0x200D)
          || type == Character.UNASSIGNED
          || type == Character.SURROGATE) {
        throw new FaceNetException(
            "a person's name must not hold control or invisible characters (U+"
                + String.format("%04X", c)
                + " at position "
                + (i + 1)
                + ")");
      }
      i += Character.charCount(c);
    }
    return n;
  }

  /**
   * What two names must share to mean the same person: the NFC form upper-cased then lower-cased
   * (locale-neutral), so that case never tells two people apart, including letters whose cases are
   * not one-to-one ("Straße" and "STRASSE", a final sigma and a medial one).
   */
  public static String key(String name) {
    String upper = normalise(name).toUpperCase(Locale.ROOT);
    return Normalizer.normalize(upper.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /** The stored form of a name (NFC), for lookups; {@code null} stays {@code null}. */
  public static String normalise(String name) {
    return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
  }
}
