package dev.facenet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as Linux counts it (/proc/self/status), native PyTorch memory and mapped
 * files included, which the Java heap's figures leave out.
 */
final class ProcStatus {
  private ProcStatus() {}

  /** Resident memory now (VmRSS), in KiB; -1 without /proc. */
  static long rssKb() {
    return field("VmRSS:");
  }

  /** Peak resident memory (VmHWM) since start or the last reset, in KiB; -1 without /proc. */
  static long peakKb() {
    return field("VmHWM:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
