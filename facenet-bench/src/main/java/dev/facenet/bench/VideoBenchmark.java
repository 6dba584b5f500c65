package dev.facenet.bench;

import dev.facenet.video.VideoWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Speed of {@code facenet watch}: door videos made from Yale's faces at 640 x 480 and 1280 x 720,
 * 25 frames a second, people walking in and out; each watched by the real launcher as its own
 * process, looking for faces in every frame and in every third, with two of the people enrolled.
 * Reports frames per second, the real-time factor (seconds of video per second of work: 1 or more
 * keeps up with a live camera) and the process's peak resident memory.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.VideoBenchmark [--seconds 20] [--dir out/video]
 * </pre>
 *
 * scripts/bench-video.sh runs it from the repository root. Needs GNU time for the peak.
 */
public final class VideoBenchmark {
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final double FPS = 25;

  private VideoBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("out/video");
    double seconds = 20;
    Path shared = Path.of("../shared");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--shared" -> shared = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: VideoBenchmark [--seconds 20] [--dir out/video] [--shared ../shared]");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(dir);
    Path yale = shared.resolve("fixtures/yale");
    Path db = dir.resolve("people.db");
    Files.deleteIfExists(db);
    for (String[] who : new String[][] {{"ann", "subject01"}, {"bob", "subject02"}}) {
      run(
          List.of(
              "./facenet",
              "enroll",
              "--db",
              db.toString(),
              "--name",
              who[0],
              yale.resolve(who[1]).resolve("normal.gif").toString()));
    }
    List<BufferedImage> people = new ArrayList<>();
    for (String s : List.of("subject01/happy", "subject02/sleepy", "subject03/normal")) {
      people.add(ImageIO.read(yale.resolve(s + ".gif").toFile()));
    }
    System.out.printf(
        Locale.ROOT,
        "%d cores; videos of %.0f s at %.0f frames/s%n",
        Runtime.getRuntime().availableProcessors(),
        seconds,
        FPS);
    System.out.println("| size | faces searched in | frames/s | real-time factor | peak memory |");
    System.out.println("|---|---|---|---|---|");
    for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
      Path video = dir.resolve("door-" + size[0] + "x" + size[1] + ".mp4");
      write(video, size[0], size[1], seconds, people);
      for (int every : new int[] {1, 3}) {
        Path times = dir.resolve("time.txt");
        List<String> out =
            run(
                List.of(
                    TIME.toString(),
                    "-f",
                    "%M",
                    "-o",
                    times.toString(),
                    "./facenet",
                    "watch",
                    "--db",
                    db.toString(),
                    "--every",
                    Integer.toString(every),
                    video.toString()));
        String summary = out.get(out.size() - 1);
        double peakMib =
            Long.parseLong(
                    Files.readString(times).trim().lines().reduce((a, b) -> b).orElseThrow().trim())
                / 1024.0;
        System.out.printf(
            Locale.ROOT,
            "| %dx%d | %s | %s | %s | %.0f MiB |%n",
            size[0],
            size[1],
            every == 1 ? "every frame" : "every " + every + "rd frame",
            field(summary, "fps"),
            field(summary, "realtime"),
            peakMib);
      }
    }
  }

  /** People walking across a grey scene one after another, each for a third of their stretch. */
  private static void write(Path file, int w, int h, double seconds, List<BufferedImage> people) {
    int frames = (int) Math.round(seconds * FPS);
    int stretch = frames / people.size();
    int faceHeight = h / 2;
    try (VideoWriter out = VideoWriter.create(file, w, h, FPS)) {
      for (int i = 0; i < frames; i++) {
        BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, w, h);
        int who = Math.min(people.size() - 1, i / stretch);
        int k = i % stretch;
        if (k > stretch / 6 && k < stretch * 5 / 6) { // no one at the start and end of a stretch
          BufferedImage p = people.get(who);
          int pw = p.getWidth() * faceHeight / p.getHeight();
          int x = (int) ((w - pw) * (k - stretch / 6.0) / (stretch * 4 / 6.0));
          g.drawImage(p.getScaledInstance(pw, faceHeight, Image.SCALE_SMOOTH), x, h / 4, null);
        }
        g.dispose();
        out.write(frame);
      }
    }
  }

  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":");
    if (at < 0) {
      return "?";
    }
    int from = at + name.length() + 3;
    int to = from;
    while (to < json.length() && ",}".indexOf(json.charAt(to)) < 0) {
      to++;
    }
    return json.substring(from, to);
  }

  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + code);
    }
    return lines;
  }
}
