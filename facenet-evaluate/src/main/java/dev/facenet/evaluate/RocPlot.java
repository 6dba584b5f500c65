package dev.facenet.evaluate;

import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
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
 * Draws a ROC curve as a PNG a person can read: true accept rate against false accept rate on a log
 * scale (the field's convention, so the low-FAR end where face systems differ is visible), labelled
 * axes with a grid, a title, the chance line, and a legend with the AUC, the EER and the chosen
 * threshold's operating point, which is also marked on the curve. Java2D only; works headless.
 */
public final class RocPlot {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 720;
  private static final int LEFT = 100;
  private static final int RIGHT = 40;
  private static final int TOP = 70;
  private static final int BOTTOM = 80;
  private static final Color CURVE = new Color(0x1f, 0x5f, 0xbf);
  private static final Color MARK = new Color(0xd6, 0x27, 0x28);
  private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);

  private RocPlot() {}

  /**
   * Draws the curve with {@code chosen} (an operating point, e.g. {@code roc.at(threshold)})
   * marked.
   */
  public static BufferedImage draw(Roc roc, RocPoint chosen, String title) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int decades = Math.max(2, (int) Math.ceil(Math.log10(roc.differentCount())));
      Axes axes = new Axes(-decades);
      drawGrid(g, axes);
      drawChance(g, axes);
      drawCurve(g, axes, roc.points());
      drawMark(g, axes, chosen);
      drawFrameAndLabels(g, axes, title);
      drawLegend(g, roc, chosen);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Draws and writes the PNG (through {@link AtomicFile}). */
  public static void write(Roc roc, RocPoint chosen, String title, Path out) {
    BufferedImage img = draw(roc, chosen, title);
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FaceNetException(out + ": folder " + dir + " does not exist");
    }
    try {
      // Cached in memory: ImageIO's default file cache registers a shutdown hook, which fails in a
      // stopping JVM.
      AtomicFile.write(
          out,
          o -> {
            try (ImageOutputStream image = new MemoryCacheImageOutputStream(o)) {
              if (!ImageIO.write(img, "png", image)) {
                throw new FaceNetException(out + ": no PNG writer available");
              }
            }
          });
    } catch (IOException e) {
      throw new FaceNetException(out + ": cannot write the plot (" + e.getMessage() + ")", e);
    }
  }

  /** Maps rates to pixels: x = log10(FAR) from {@code minExp} to 0, y = TAR from 0 to 1. */
  private record Axes(int minExp) {
    double x(double far) {
      double lf = far <= 0 ? minExp : Math.max(minExp, Math.log10(far));
      return LEFT + (lf - minExp) / -minExp * (WIDTH - LEFT - RIGHT);
    }

    double y(double tar) {
      return HEIGHT - BOTTOM - tar * (HEIGHT - TOP - BOTTOM);
    }
  }

  private static void drawGrid(Graphics2D g, Axes a) {
    g.setStroke(new BasicStroke(1f));
    for (int e = a.minExp(); e <= 0; e++) {
      for (int m = 1; m <= 9 && (e < 0 || m == 1); m++) {
        double far = m * Math.pow(10, e);
        g.setColor(m == 1 ? GRID.darker() : GRID);
        int x = (int) Math.round(a.x(far));
        g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
      }
    }
    for (int k = 0; k <= 10; k++) {
      g.setColor(k % 5 == 0 ? GRID.darker() : GRID);
      int y = (int) Math.round(a.y(k / 10.0));
      g.drawLine(LEFT, y, WIDTH - RIGHT, y);
    }
  }

  private static void drawChance(Graphics2D g, Axes a) {
    Path2D.Double p = new Path2D.Double();
    boolean first = true;
    for (int i = 0; i <= 400; i++) {
      double far = Math.pow(10, a.minExp() * (1 - i / 400.0));
      if (first) {
        p.moveTo(a.x(far), a.y(far));
        first = false;
      } else {
        p.lineTo(a.x(far), a.y(far));
      }
    }
    g.setColor(Color.GRAY);
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
    g.draw(p);
  }

  private static void drawCurve(Graphics2D g, Axes a, List<RocPoint> points) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(a.x(points.get(0).far()), a.y(points.get(0).tar()));
    for (RocPoint q : points.subList(1, points.size())) {
      p.lineTo(a.x(q.far()), a.y(q.tar()));
    }
    g.setColor(CURVE);
    g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(p);
  }

  private static void drawMark(Graphics2D g, Axes a, RocPoint chosen) {
    double x = a.x(chosen.far());
    double y = a.y(chosen.tar());
    g.setColor(MARK);
    g.setStroke(new BasicStroke(2.5f));
    g.draw(new Ellipse2D.Double(x - 7, y - 7, 14, 14));
    g.fill(new Ellipse2D.Double(x - 3, y - 3, 6, 6));
  }

  private static void drawFrameAndLabels(Graphics2D g, Axes a, String title) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.5f));
    g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    FontMetrics fm = g.getFontMetrics();
    for (int e = a.minExp(); e <= 0; e++) {
      String label = percent(Math.pow(10, e));
      int x = (int) Math.round(a.x(Math.pow(10, e)));
      g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 6);
      g.drawString(label, x - fm.stringWidth(label) / 2, HEIGHT - BOTTOM + 8 + fm.getAscent());
    }
    for (int k = 0; k <= 10; k += 1) {
      String label = k * 10 + "%";
      int y = (int) Math.round(a.y(k / 10.0));
      g.drawLine(LEFT - 6, y, LEFT, y);
      g.drawString(label, LEFT - 10 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    fm = g.getFontMetrics();
    String xLabel = "False accept rate (different people accepted), log scale";
    g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, HEIGHT - 22);
    String yLabel = "True accept rate (same person accepted)";
    Graphics2D r = (Graphics2D) g.create();
    try {
      r.rotate(-Math.PI / 2);
      r.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + fm.stringWidth(yLabel)) / 2), 28);
    } finally {
      r.dispose();
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    fm = g.getFontMetrics();
    g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 40);
  }

  private static void drawLegend(Graphics2D g, Roc roc, RocPoint chosen) {
    String[] lines = {
      String.format(Locale.ROOT, "ROC curve, AUC = %.4f", roc.auc()),
      "chance",
      String.format(
          Locale.ROOT,
          "threshold %.3f: TAR %s at FAR %s",
          chosen.threshold(),
          percent(chosen.tar()),
          percent(chosen.far())),
      String.format(
          Locale.ROOT,
          "EER = %s    TAR at FAR 0.1%% = %s, at 1%% = %s",
          percent(roc.eer()),
          percent(roc.tarAtFar(0.001)),
          percent(roc.tarAtFar(0.01))),
      String.format(
          Locale.ROOT,
          "%d same-person and %d different-person pairs",
          roc.sameCount(),
          roc.differentCount()),
    };
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    FontMetrics fm = g.getFontMetrics();
    int w = 0;
    for (String s : lines) {
      w = Math.max(w, fm.stringWidth(s));
    }
    int lineH = fm.getHeight() + 4;
    int boxW = w + 60;
    int boxH = lines.length * lineH + 12;
    int x0 = WIDTH - RIGHT - boxW - 12;
    int y0 = HEIGHT - BOTTOM - boxH - 12;
    g.setColor(new Color(255, 255, 255, 235));
    g.fillRect(x0, y0, boxW, boxH);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x0, y0, boxW, boxH);
    for (int i = 0; i < lines.length; i++) {
      int cy = y0 + 6 + i * lineH + lineH / 2;
      int sx = x0 + 10;
      if (i == 0) {
        g.setColor(CURVE);
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(sx, cy, sx + 30, cy);
      } else if (i == 1) {
        g.setColor(Color.GRAY);
        g.setStroke(
            new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        g.drawLine(sx, cy, sx + 30, cy);
      } else if (i == 2) {
        g.setColor(MARK);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new Ellipse2D.Double(sx + 15 - 7, cy - 7, 14, 14));
        g.fill(new Ellipse2D.Double(sx + 15 - 3, cy - 3, 6, 6));
      }
      g.setColor(Color.BLACK);
      g.drawString(lines[i], sx + 42, cy + fm.getAscent() / 2 - 2);
    }
  }

  /** A rate as a short percentage: 0.001 -> "0.1%", 0.98765 -> "98.77%". */
  static String percent(double rate) {
    double p = rate * 100;
    if (p == Math.rint(p)) {
      return String.format(Locale.ROOT, "%.0f%%", p);
    }
    if (p >= 1) {
      return String.format(Locale.ROOT, "%.2f%%", p);
    }
    return new java.math.BigDecimal(p)
            .round(new java.math.MathContext(2))
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
