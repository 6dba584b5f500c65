package dev.facenet.common;

import java.util.Locale;

/**
 * What an API key lets its holder do. Two roles, because the service has two kinds of callers: a
 * door camera or an app that only asks who someone is ({@link #USER}), and the people who decide
 * who is known ({@link #ADMIN}).
 */
public enum KeyRole {
  /** Verify, recognize, compare, detect, embed and list people. */
  USER,
  /** Everything a user may do, and enrol and delete people. */
  ADMIN;

  /** Whether a key of this role may do what needs {@code needed}. */
  public boolean allows(KeyRole needed) {
    return compareTo(needed) >= 0;
  }

  /** The role's name as typed and shown: {@code user} or {@code admin}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} ({@code user} or {@code admin}, any case). */
  public static KeyRole parse(String text) {
    for (KeyRole r : values()) {
      if (r.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return r;
      }
    }
    throw new FaceNetException("a key's role is 'user' or 'admin', got '" + text + "'");
  }
}
