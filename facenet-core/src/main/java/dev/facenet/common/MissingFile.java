package dev.facenet.common;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why a path that does not exist as far as {@link Files#exists} can tell, in the words a user acts
 * on: a plain "no such file" for a symbolic link that loops back on itself or a folder on the way
 * that cannot be entered would send them looking for a typo.
 */
public final class MissingFile {
  private MissingFile() {}

  /** E.g. {@code no such file}, {@code a loop of symbolic links}. */
  public static String why(Path file) {
    try {
      file.toRealPath();
      return "no such file"; // it appeared meanwhile; say what was seen
    } catch (AccessDeniedException e) {
      return "cannot reach it (permission denied on a folder on the way)";
    } catch (NoSuchFileException e) {
      return Files.isSymbolicLink(file)
          ? "a symbolic link to a file that does not exist"
          : "no such file";
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? "" : e.getReason();
      return reason.contains("symbolic links")
          ? "a loop of symbolic links"
          : "cannot reach it (" + (reason.isEmpty() ? e.getClass().getSimpleName() : reason) + ")";
    } catch (java.io.IOException e) {
      return "cannot reach it (" + e.getMessage() + ")";
    }
  }
}
