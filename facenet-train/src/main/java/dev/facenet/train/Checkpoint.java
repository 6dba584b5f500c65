package dev.facenet.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * The state of a run after an epoch: the network's parameters (batch-norm running statistics
 * included), the optimizer's moments, and the history so far, so {@code --resume} continues exactly
 * where the run stopped. Written through {@link AtomicFile}, so a run killed (or a disk filling up)
 * mid-write leaves the previous checkpoint whole. A CRC at the end catches a file damaged
 * afterwards.
 */
public final class Checkpoint {
  /** The file name inside the output folder. */
  public static final String FILE = "checkpoint.bin";

  private static final String MAGIC = "facenet-train-checkpoint";
  private static final int FORMAT = 1;
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  /** What the checkpoint says about the run, besides the tensors. */
  public record Header(
      String model,
      String data,
      long seed,
      int epoch,
      List<String> trainingPeople,
      List<String> heldOutPeople,
      List<EpochResult> history,
      String frozenThrough,
      ModelCard.Distillation teacher) {}

  private Checkpoint() {}

  /** Writes the checkpoint atomically into {@code dir}/{@link #FILE}. */
  public static void write(Path dir, Header header, Block block, ResumableAdam optimizer) {
    Path target = dir.resolve(FILE);
    try {
      Files.createDirectories(dir);
      CheckedFile.write(
          target,
          AtomicFile.temporary(target),
          out -> {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            block.saveParameters(out);
            optimizer.save(out);
          });
    } catch (IOException e) {
      throw new FaceNetException(
          target
              + ": could not write the checkpoint ("
              + e.getMessage()
              + "; is the disk full?); the previous checkpoint is kept",
          e);
    }
  }

  /** True when {@code dir} holds a checkpoint. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /** Reads only the header (to check that a resume fits the run). */
  public static Header header(Path dir) {
    Path file = dir.resolve(FILE);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      return readHeader(file, in);
    } catch (IOException e) {
      throw new FaceNetException(file + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Loads the checkpoint's parameters into {@code block} (in the manager its parameters live in)
   * and moments into {@code optimizer}; returns its header.
   */
  public static Header read(Path dir, Block block, ResumableAdam optimizer) {
    NDManager manager =
        block.getParameters().values().stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the network has no parameters"))
            .getArray()
            .getManager();
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException(file + ": no checkpoint to resume from");
    }
    verify(file);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      Header h = readHeader(file, in);
      block.loadParameters(manager, in);
      optimizer.load(in, block);
      return h;
    } catch (IOException | MalformedModelException | IllegalArgumentException e) {
      throw new FaceNetException(
          file + ": the checkpoint does not fit this network (" + e.getMessage() + ")", e);
    }
  }

  private static Header readHeader(Path file, DataInputStream in) throws IOException {
    if (!MAGIC.equals(CheckedFile.magic(in))) {
      throw new FaceNetException(file + ": not a facenet training checkpoint");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new FaceNetException(
          file + ": checkpoint format " + format + " is not the supported " + FORMAT);
    }
    int n = in.readInt();
    if (n < 0 || n > (64 << 20)) {
      throw new FaceNetException(file + ": damaged checkpoint header");
    }
    byte[] json = in.readNBytes(n);
    return GSON.fromJson(new String(json, StandardCharsets.UTF_8), Header.class);
  }

  /** Checks the CRC at the end of the file against its content. */
  private static void verify(Path file) {
    try {
      long size = Files.size(file);
      if (size < 8) {
        throw new FaceNetException(file + ": damaged checkpoint (too short)");
      }
      CRC32 crc = new CRC32();
      long stored;
      try (InputStream in =
          new CheckedInputStream(
              new BufferedInputStream(Files.newInputStream(file), 1 << 16), crc)) {
        byte[] buf = new byte[1 << 16];
        long left = size - 8;
        while (left > 0) {
          int r = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (r < 0) {
            throw new IOException("unexpected end");
          }
          left -= r;
        }
        long sum = crc.getValue();
        stored = new DataInputStream(in).readLong();
        if (sum != stored) {
          throw new FaceNetException(file + ": damaged checkpoint (checksum mismatch)");
        }
      }
    } catch (IOException e) {
      throw new FaceNetException(file + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
    }
  }
}
