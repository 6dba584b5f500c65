package dev.facenet.common;

import java.util.Objects;

/**
 * Who changes the gallery, as its audit records it: an API key of the service, or the account that
 * ran a command on this machine.
 *
 * @param label one line: "key 1f2e... (door camera)" or "local user alice"
 */
public record Actor(String label) {
  public Actor {
    Objects.requireNonNull(label, "label");
  }

  /** The account running this process, for changes made by the library or the command line. */
  public static Actor local() {
    return new Actor("local user " + System.getProperty("user.name", "unknown"));
  }
}
