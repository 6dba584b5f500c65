package dev.facenet.common;

/**
 * One stored encoding with the name of its person: a line of {@code facenet export} and {@code
 * facenet import}, and the unit a gallery is moved between stores in.
 *
 * @param picture the hash of the picture file the encoding was made from, so a later bulk enrolment
 *     knows that picture is done; null when not known (an encoding made from a picture in memory,
 *     or stored by an older facenet)
 */
public record Enrolment(String name, Embedding embedding, ContentHash picture) {

  /** An encoding whose picture file is not known. */
  public Enrolment(String name, Embedding embedding) {
    this(name, embedding, null);
  }
}
