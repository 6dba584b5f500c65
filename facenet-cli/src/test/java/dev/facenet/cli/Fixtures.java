package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** The shared seed pictures, and bad files made from them, for the CLI tests. */
final class Fixtures {
  /** The seed's twelve enrolled people, one picture each (seed-images/NAME.jpg). */
  static final List<String> SEED_PEOPLE =
      List.of(
          "andrew",
          "arnaud",
          "benoit",
          "bertrand",
          "dan",
          "felix",
          "kevin",
          "kian",
          "sebastiano",
          "tian",
          "younes",
          "shivi");

  private Fixtures() {}

  static Path seedImage(String file) {
    String shared = System.getProperty("facenet.shared");
    assertThat(shared).as("system property facenet.shared (set by surefire)").isNotNull();
    Path p = Path.of(shared, "fixtures", "seed-images", file);
    assertThat(p).as("seed picture").isRegularFile();
    return p;
  }

  /** Picture k (1 to 10) of ORL person n (1 to 40): a small tight face crop. */
  static Path orl(int person, int k) {
    String shared = System.getProperty("facenet.shared");
    assertThat(shared).as("system property facenet.shared (set by surefire)").isNotNull();
    Path p = Path.of(shared, "fixtures", "orl", "s" + person, k + ".pgm");
    assertThat(p).as("ORL picture").isRegularFile();
    return p;
  }

  /** A Yale picture: {@code subject} 1 to 15, {@code kind} e.g. normal, leftlight. */
  static Path yale(int subject, String kind) {
    String shared = System.getProperty("facenet.shared");
    assertThat(shared).as("system property facenet.shared (set by surefire)").isNotNull();
    Path p =
        Path.of(shared, "fixtures", "yale", String.format("subject%02d", subject), kind + ".gif");
    assertThat(p).as("Yale picture").isRegularFile();
    return p;
  }

  /**
   * A copy of {@code picture} shrunk by {@code k} (area-averaged, as a camera farther away would
   * see it), written as PNG to {@code file}.
   */
  static Path shrunk(Path picture, double k, Path file) {
    try {
      java.awt.image.BufferedImage in = javax.imageio.ImageIO.read(picture.toFile());
      int w = (int) Math.round(in.getWidth() * k);
      int h = (int) Math.round(in.getHeight() * k);
      java.awt.image.BufferedImage out =
          new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
      out.getGraphics()
          .drawImage(in.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
      javax.imageio.ImageIO.write(out, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path seedPerson(String name) {
    return seedImage(name + ".jpg");
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, byte[] content) {
    try {
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text file that calls itself a JPEG. */
  static Path notAnImage(Path dir) {
    return write(
        dir.resolve("notes.jpg"),
        "these are my notes, not a picture\n".getBytes(StandardCharsets.UTF_8));
  }

  static Path emptyFile(Path dir) {
    return write(dir.resolve("empty.jpg"), new byte[0]);
  }

  /** The first half of a real JPEG: its header is whole, its pixel data cut short. */
  static Path truncatedJpeg(Path dir) {
    byte[] whole = bytes(seedImage("shivi_test.jpg"));
    return write(dir.resolve("truncated.jpg"), Arrays.copyOf(whole, whole.length / 2));
  }

  /** The first half of a real PNG. */
  static Path truncatedPng(Path dir) {
    byte[] whole = bytes(seedImage("danielle.png"));
    return write(dir.resolve("truncated.png"), Arrays.copyOf(whole, whole.length / 2));
  }

  /**
   * A valid PNG signature and header chunk that declare a width x height RGB picture, and no
   * pixels.
   */
  static Path hugePngHeader(Path dir, int width, int height) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(ihdr);
      h.writeBytes("IHDR");
      h.writeInt(width);
      h.writeInt(height);
      h.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, adaptive filter, no interlace
      byte[] chunk = ihdr.toByteArray();
      out.writeInt(chunk.length - 4);
      out.write(chunk);
      CRC32 crc = new CRC32();
      crc.update(chunk);
      out.writeInt((int) crc.getValue());
      out.writeInt(0); // IEND
      out.writeBytes("IEND");
      out.writeInt(0xAE426082);
      return write(dir.resolve("huge.png"), bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
