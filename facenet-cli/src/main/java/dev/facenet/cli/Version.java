package dev.facenet.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version in the jar's manifest, or "development build" when run from
 * classes.
 */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"facenet " + (v == null ? "(development build)" : v)};
  }
}
