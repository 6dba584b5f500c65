package dev.facenet.common;

/**
 * How a gallery finds the people nearest to an encoding ({@code --search}): every encoding compared
 * (exact), or a graph index that looks at a small part of them (approximate, much faster on large
 * galleries, its recall measured in docs/BENCHMARKS.md). {@link #AUTO} picks by the gallery's size.
 */
public enum SearchMode implements Choice {
  /** Exact below {@link #APPROXIMATE_FROM} encodings, approximate from there on. */
  AUTO("auto"),
  /** Compares the query with every encoding: the true nearest people, always. */
  EXACT("exact"),
  /** An HNSW graph (Apache Lucene): milliseconds at a million encodings, nearly always the same. */
  APPROXIMATE("approximate");

  /**
   * Where {@link #AUTO} turns to the approximate index. The exact scan grows with the gallery (tens
   * of milliseconds at a million encodings on two cores, docs/BENCHMARKS.md) and is ready in
   * seconds; the graph answers in a few milliseconds at any size but takes minutes to build at a
   * million. So the graph pays only where the scan would pass about a tenth of a second: four
   * million, extrapolated from the million measured.
   */
  public static final int APPROXIMATE_FROM = 4_000_000;

  private final String id;

  SearchMode(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  /** The mode used for a gallery of {@code encodings} encodings of one model and crop. */
  public SearchMode resolve(long encodings) {
    if (this != AUTO) {
      return this;
    }
    return encodings >= APPROXIMATE_FROM ? APPROXIMATE : EXACT;
  }

  /** The mode named {@code s} (case and surrounding spaces ignored). */
  public static SearchMode parse(String s) {
    return Choice.find(SearchMode.class, s)
        .orElseThrow(
            () ->
                new FaceNetException(
                    "unknown search '"
                        + s
                        + "' (known: "
                        + String.join(", ", Choice.ids(SearchMode.class))
                        + ")"));
  }

  @Override
  public String toString() {
    return id;
  }
}
