package dev.facenet.cli;

import dev.facenet.Match;
import dev.facenet.common.Box;
import dev.facenet.common.Face;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws what {@code facenet detect} found onto a copy of the picture: each face's box, its 68
 * landmarks, and a label (the name when a gallery was given, else the score). Sizes follow the
 * picture so the marks are visible on a 96 px crop and on a 4000 px photo alike.
 */
final class FacePainter {
  private static final Color KNOWN = new Color(0, 200, 80);
  private static final Color UNKNOWN = new Color(255, 170, 0);
  private static final Color POINTS = new Color(0, 220, 255);

  private FacePainter() {}

  /** One face to draw: its box, its landmarks (null: none), its label and its colour. */
  record Mark(Box box, Landmarks landmarks, String label, boolean known) {}

  /**
   * A copy of {@code picture} with the faces drawn; {@code names} is empty or one match per face.
   */
  static BufferedImage paint(BufferedImage picture, List<Face> faces, List<Match> names) {
    List<Mark> marks = new java.util.ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      Face f = faces.get(i);
      Match m = names.isEmpty() ? null : names.get(i);
      String label =
          m != null
              ? (m.known() ? m.name() : m.ambiguous() ? Formats.eitherOf(m) + "?" : "unknown")
                  + String.format(Locale.ROOT, " %.2f", m.distance())
              : Double.isNaN(f.score()) ? "" : String.format(Locale.ROOT, "%.2f", f.score());
      marks.add(new Mark(f.box(), f.landmarks(), label, m == null || m.known()));
    }
    return paint(picture, marks);
  }

  /** A copy of {@code picture} with the marks drawn. */
  static BufferedImage paint(BufferedImage picture, List<Mark> marks) {
    BufferedImage out =
        new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(picture, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      float unit = Math.max(1, Math.max(picture.getWidth(), picture.getHeight()) / 400f);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, Math.round(8 * unit))));
      for (Mark mark : marks) {
        Box box = mark.box();
        Color colour = mark.known() ? KNOWN : UNKNOWN;
        g.setColor(colour);
        g.setStroke(new BasicStroke(unit));
        g.draw(new Rectangle2D.Double(box.x(), box.y(), box.width(), box.height()));
        if (mark.landmarks() != null) {
          g.setColor(POINTS);
          double r = Math.max(0.8, unit * 0.8);
          for (Point p : mark.landmarks().points()) {
            g.fill(new Ellipse2D.Double(p.x() - r, p.y() - r, 2 * r, 2 * r));
          }
        }
        String label = mark.label();
        if (!label.isEmpty()) {
          FontMetrics fm = g.getFontMetrics();
          float x = (float) box.x();
          float y = (float) Math.max(fm.getAscent(), box.y() - unit);
          g.setColor(colour);
          g.fill(
              new Rectangle2D.Double(
                  x, y - fm.getAscent(), fm.stringWidth(label) + 2 * unit, fm.getHeight()));
          g.setColor(Color.BLACK);
          g.drawString(label, x + unit, y);
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
