package dev.facenet.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * The training chips kept on disk between runs, because cutting aligned chips runs the face finder
 * on every picture (1.5 minutes for ORL's 400 on two cores) and {@code --resume} or a rerun would
 * otherwise pay it again.
 *
 * <p>A chip is reused only for a picture with the same path (relative to the data folder), the same
 * size and the same SHA-256 of its bytes, cut by the same crop method at the same size; anything
 * else is cut again, so a stale chip cannot be used by mistake. Pictures that could not be read are
 * not stored (they are tried again, which is cheap and repeats their warning); whole-picture
 * fallbacks are stored with their flag. A file that is damaged, truncated, of another crop or size,
 * or not a chip cache at all is ignored with a one-line warning and rewritten. Written like {@link
 * Checkpoint}: a temporary file (named per writer, so runs sharing a cache do not write into each
 * other's), flushed to the disk, renamed over the old one; a CRC at the end.
 *
 * <p>Bump {@link #FORMAT} when the way chips are cut changes, so older caches are cut again.
 */
public final class ChipCache {
  /** The default file name, inside the run's output folder. */
  public static final String FILE = "chips.bin";

  private static final String MAGIC = "facenet-chip-cache";

  /**
   * 2: aligned chips are cut from the largest face (as inference takes it), no longer the most
   * confident.
   */
  private static final int FORMAT = 2;

  /**
   * While cutting, the chips so far are saved this often, so an interrupted first run keeps most of
   * its work.
   */
  private static final long SAVE_EVERY_NANOS = 120_000_000_000L;

  /**
   * What identifies one picture's bytes: its path relative to the data folder, its size and
   * SHA-256.
   */
  public record Key(String path, long bytes, byte[] sha256) {
    boolean sameAs(Key o) {
      return path.equals(o.path) && bytes == o.bytes && Arrays.equals(sha256, o.sha256);
    }
  }

  /**
   * One stored chip: channels-first RGB bytes, and whether the whole picture stood in for the face.
   */
  record Entry(Key key, byte[] pixels, boolean wholePicture) {}

  private final Path file;
  private final Path root;
  private final String crop;
  private final int size;
  private final Consumer<String> warn;

  /** Valid entries of the file plus the chips cut in this run, by relative path. */
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /**
   * Relative paths this run has looked up or cut: only these are kept when the cache is saved at
   * the end.
   */
  private final Set<String> used = new HashSet<>();

  private final int stored;
  private int hits;
  private int cuts;
  private boolean changed;
  private long lastSave = System.nanoTime();

  private ChipCache(Path file, Path root, String crop, int size, Consumer<String> warn) {
    this.file = file;
    this.root = root.toAbsolutePath().normalize();
    this.crop = crop;
    this.size = size;
    this.warn = warn;
    this.stored = readFile();
  }

  /**
   * Opens the cache {@code file} for chips of {@code root}'s pictures cut by {@code crop} at {@code
   * size}. A missing file is an empty cache; an unusable one is an empty cache and a warning. Never
   * throws for the file's content.
   */
  public static ChipCache open(Path file, Path root, String crop, int size, Consumer<String> warn) {
    return new ChipCache(file, root, crop, size, warn);
  }

  public Path file() {
    return file;
  }

  /** Chips found in the file when it was opened (0 when it was missing or unusable). */
  public int stored() {
    return stored;
  }

  /** Chips this run took from the cache. */
  public int hits() {
    return hits;
  }

  /** Chips this run cut (and stored). */
  public int cuts() {
    return cuts;
  }

  /** The key of {@code picture}, or null when it cannot be read (the decoder then reports why). */
  Key key(Path picture) {
    Path abs = picture.toAbsolutePath().normalize();
    String rel = (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    try (InputStream in = Files.newInputStream(picture)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      long n = 0;
      for (int r; (r = in.read(buf)) > 0; ) {
        sha.update(buf, 0, r);
        n += r;
      }
      return new Key(rel, n, sha.digest());
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The stored chip for {@code key}, or null when there is none for these exact bytes. */
  Entry get(Key key) {
    Entry e = entries.get(key.path());
    if (e == null || !e.key().sameAs(key)) {
      return null;
    }
    used.add(key.path());
    hits++;
    return e;
  }

  /** Stores a chip just cut; saves the cache now and then while a long cut goes on. */
  void put(Key key, byte[] pixels, boolean wholePicture) {
    if (pixels.length != 3 * size * size) {
      throw new IllegalArgumentException(
          "a " + size + " px chip has " + 3 * size * size + " bytes, not " + pixels.length);
    }
    entries.put(key.path(), new Entry(key, pixels, wholePicture));
    used.add(key.path());
    cuts++;
    changed = true;
    if (System.nanoTime() - lastSave > SAVE_EVERY_NANOS) {
      write(false);
    }
  }

  /**
   * Writes the chips this run used (dropping those of pictures no longer in the data) when anything
   * changed; a failure to write is a warning, since the chips are in memory anyway.
   */
  public void save() {
    if (changed || entries.size() != used.size()) {
      write(true);
    }
  }

  /**
   * Writes the chips cut so far added to those already stored, dropping none (when a run stops
   * while cutting).
   */
  void saveCuts() {
    if (changed) {
      write(false);
    }
  }

  private void write(boolean onlyUsed) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      removeAbandonedTemporaries(dir);
      // Named per writer: runs may share a cache.
      Path tmp =
          dir.resolve(
              file.getFileName()
                  + "."
                  + ProcessHandle.current().pid()
                  + "-"
                  + System.nanoTime()
                  + ".tmp");
      CheckedFile.write(
          file,
          tmp,
          out -> {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(crop);
            out.writeInt(size);
            int count =
                onlyUsed
                    ? (int) entries.keySet().stream().filter(used::contains).count()
                    : entries.size();
            out.writeInt(count);
            for (Entry e : entries.values()) {
              if (onlyUsed && !used.contains(e.key().path())) {
                continue;
              }
              out.writeUTF(e.key().path());
              out.writeLong(e.key().bytes());
              out.write(e.key().sha256());
              out.writeBoolean(e.wholePicture());
              out.write(e.pixels());
            }
          });
      if (onlyUsed) {
        entries.keySet().retainAll(used);
      }
      changed =
          false; // the file now holds every chip cut so far; save() still drops unused ones if any
      lastSave = System.nanoTime();
    } catch (IOException | RuntimeException e) {
      lastSave = System.nanoTime();
      warn.accept(
          "could not write the chip cache "
              + file
              + " ("
              + e.getMessage()
              + "); the next run cuts the chips again");
    }
  }

  /**
   * Deletes the temporary files of writers that were killed while saving this cache ({@code
   * NAME.PID-N.tmp} whose process is gone). Those of running processes, this one included, may be
   * saves in progress and are left.
   */
  private void removeAbandonedTemporaries(Path dir) {
    String prefix = file.getFileName() + ".";
    try (DirectoryStream<Path> tmps =
        Files.newDirectoryStream(
            dir,
            p -> {
              String n = p.getFileName().toString();
              return n.startsWith(prefix) && n.endsWith(".tmp");
            })) {
      for (Path t : tmps) {
        String n = t.getFileName().toString();
        String middle = n.substring(prefix.length(), n.length() - ".tmp".length());
        int dash = middle.indexOf('-');
        long pid;
        try {
          pid = Long.parseLong(dash < 0 ? middle : middle.substring(0, dash));
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        Files.deleteIfExists(t);
      }
    } catch (IOException e) {
      // leftovers only take space; the save itself goes on
    }
  }

  /** Loads the file's entries when it is a whole cache of this crop and size; returns how many. */
  private int readFile() {
    if (!Files.exists(file)) {
      return 0;
    }
    String why;
    try {
      why = load();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | RuntimeException e) {
      why =
          "damaged or truncated: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
    if (why == null) {
      return entries.size();
    }
    entries.clear();
    warn.accept("ignored the chip cache " + file + " (" + why + "); cutting the chips again");
    return 0;
  }

  /** Reads every entry and checks the CRC; returns null when the file is usable, else why not. */
  private String load() throws IOException {
    int chip = 3 * size * size;
    long length = Files.size(file);
    CRC32 crc = new CRC32();
    try (DataInputStream in =
        new DataInputStream(
            new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), crc))) {
      if (!MAGIC.equals(CheckedFile.magic(in))) {
        return "not a chip cache";
      }
      int format = in.readInt();
      if (format != FORMAT) {
        return "format " + format + ", this version reads " + FORMAT;
      }
      String fileCrop = in.readUTF();
      int fileSize = in.readInt();
      if (!fileCrop.equals(crop) || fileSize != size) {
        return "its chips are "
            + fileCrop
            + " at "
            + fileSize
            + " px, this run wants "
            + crop
            + " at "
            + size
            + " px";
      }
      int count = in.readInt();
      if (count < 0 || (long) count * chip > length) {
        return "truncated or damaged: "
            + count
            + " chips of "
            + chip
            + " bytes claimed in a file of "
            + length;
      }
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        long bytes = in.readLong();
        byte[] sha = in.readNBytes(32);
        boolean whole = in.readBoolean();
        byte[] pixels = in.readNBytes(chip);
        if (sha.length != 32 || pixels.length != chip) {
          return "truncated after " + i + " of " + count + " chips";
        }
        entries.put(path, new Entry(new Key(path, bytes, sha), pixels, whole));
      }
      long sum = crc.getValue();
      long storedSum = in.readLong();
      if (sum != storedSum) {
        return "damaged: checksum mismatch";
      }
      if (in.read() >= 0) {
        return "damaged: bytes after the checksum";
      }
    }
    return null;
  }
}
