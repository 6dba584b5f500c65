package dev.facenet.train;

import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws the learning curves of a run into a PNG a person can read: training loss (left axis, blue)
 * and held-out verification accuracy (right axis, orange) against the epoch, with the final figures
 * in the title.
 */
public final class TrainingPlot {
  private static final int W = 900;
  private static final int H = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 80;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color LOSS = new Color(31, 119, 180);
  private static final Color ACC = new Color(230, 110, 20);

  private TrainingPlot() {}

  /**
   * Writes the plot of {@code history} (epoch 0 = untrained) to {@code png}, replacing it
   * atomically.
   */
  public static void write(List<EpochResult> history, String title, Path png) {
    BufferedImage img = draw(history, title);
    try {
      if (png.getParent() != null) {
        Files.createDirectories(png.getParent());
      }
      // Cached in memory: ImageIO's default file cache registers a shutdown hook, which fails when
      // the last plot
      // is written while a stopped run's JVM is shutting down.
      AtomicFile.write(
          png,
          out -> {
            try (ImageOutputStream image = new MemoryCacheImageOutputStream(out)) {
              if (!ImageIO.write(img, "png", image)) {
                throw new IOException("no PNG writer");
              }
            }
          });
    } catch (IOException e) {
      throw new FaceNetException(png + ": cannot write the plot (" + e.getMessage() + ")", e);
    }
  }

  static BufferedImage draw(List<EpochResult> history, String title) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      int pw = W - LEFT - RIGHT;
      int ph = H - TOP - BOTTOM;
      int maxEpoch = Math.max(1, history.stream().mapToInt(EpochResult::epoch).max().orElse(1));
      double maxLoss =
          history.stream().mapToDouble(EpochResult::loss).filter(Double::isFinite).max().orElse(1);
      maxLoss = niceCeil(Math.max(maxLoss, 1e-3));

      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      FontMetrics fm = g.getFontMetrics();
      // Grid and axes.
      g.setStroke(new BasicStroke(1f));
      for (int i = 0; i <= 5; i++) {
        int y = TOP + ph - i * ph / 5;
        g.setColor(new Color(230, 230, 230));
        g.drawLine(LEFT, y, LEFT + pw, y);
        g.setColor(LOSS);
        String l = fmt(maxLoss * i / 5);
        g.drawString(l, LEFT - 8 - fm.stringWidth(l), y + 5);
        g.setColor(ACC);
        g.drawString(String.format(Locale.ROOT, "%d%%", 50 + 10 * i), LEFT + pw + 8, y + 5);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawRect(LEFT, TOP, pw, ph);
      int step = Math.max(1, (int) Math.ceil(maxEpoch / 10.0));
      for (int e = 0; e <= maxEpoch; e += step) {
        int x = LEFT + e * pw / maxEpoch;
        g.drawLine(x, TOP + ph, x, TOP + ph + 5);
        String s = Integer.toString(e);
        g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + 20);
      }
      g.drawString("epoch (0 = before training)", LEFT + pw / 2 - 80, H - 25);
      // Axis titles.
      Graphics2D r = (Graphics2D) g.create();
      r.rotate(-Math.PI / 2);
      r.setColor(LOSS);
      r.drawString("training loss (mean per selected triplet)", -(TOP + ph / 2) - 130, 22);
      r.setColor(ACC);
      r.drawString("held-out verification accuracy", -(TOP + ph / 2) - 95, W - 12);
      r.dispose();

      // Curves.
      g.setStroke(new BasicStroke(2.2f));
      Path2D loss = new Path2D.Double();
      Path2D acc = new Path2D.Double();
      boolean lossStarted = false;
      boolean accStarted = false;
      for (EpochResult h : history) {
        double x = LEFT + h.epoch() * (double) pw / maxEpoch;
        if (Double.isFinite(h.loss())) {
          double y = TOP + ph - Math.min(1, h.loss() / maxLoss) * ph;
          if (lossStarted) {
            loss.lineTo(x, y);
          } else {
            loss.moveTo(x, y);
            lossStarted = true;
          }
          dot(g, LOSS, x, y);
        }
        if (Double.isFinite(h.accuracy())) {
          double y = TOP + ph - Math.max(0, Math.min(1, (h.accuracy() - 0.5) / 0.5)) * ph;
          if (accStarted) {
            acc.lineTo(x, y);
          } else {
            acc.moveTo(x, y);
            accStarted = true;
          }
          dot(g, ACC, x, y);
        }
      }
      g.setColor(LOSS);
      g.draw(loss);
      g.setColor(ACC);
      g.draw(acc);

      // Title and legend.
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, LEFT, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      EpochResult last = history.isEmpty() ? null : history.get(history.size() - 1);
      if (last != null) {
        String s =
            String.format(
                Locale.ROOT,
                "after epoch %d: loss %s, held-out accuracy %s, threshold %s",
                last.epoch(),
                fmt(last.loss()),
                pct(last.accuracy()),
                fmt(last.threshold()));
        g.drawString(s, LEFT, 48);
      }
      legend(g, LOSS, "loss", LEFT + pw - 230, TOP + 20);
      legend(g, ACC, "held-out accuracy", LEFT + pw - 140, TOP + 20);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void dot(Graphics2D g, Color c, double x, double y) {
    g.setColor(c);
    g.fillOval((int) Math.round(x) - 3, (int) Math.round(y) - 3, 7, 7);
  }

  private static void legend(Graphics2D g, Color c, String text, int x, int y) {
    g.setColor(c);
    g.fillRect(x, y - 9, 18, 4);
    g.setColor(Color.BLACK);
    g.drawString(text, x + 24, y - 3);
  }

  private static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "-";
  }
}
