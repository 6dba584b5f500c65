import dev.facenet.FaceNet;
import dev.facenet.common.Face;
import dev.facenet.common.FaceChoice;
import dev.facenet.common.FaceQuality;
import dev.facenet.evaluate.Dataset;
import dev.facenet.evaluate.Progress;
import dev.facenet.evaluate.ShrunkDataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The raw material of the quality ramps: for every picture of a dataset (shrunk so that faces are
 * about WIDTH px wide; 0 keeps the size), one CSV line: person, file, face found (1/0), then the
 * quality's measurements (width, sharpness, yaw, pitch, brightness, evenness, confidence, score) and
 * the encoding's 128 numbers separated by spaces. scripts/quality-fit.py reads these files.
 *
 *   java -cp 'facenet-cli/target/lib/*' scripts/QualityDump.java DATASET WIDTH OUT.csv
 */
public class QualityDump {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int width = Integer.parseInt(args[1]);
    try (FaceNet faces = FaceNet.builder().build();
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2])))) {
      Dataset d = Dataset.scan(root);
      if (width > 0) {
        d = ShrunkDataset.write(d, faces, width, Files.createTempDirectory("shrunk"), Progress.none());
      }
      for (var p : d.pictures()) {
        List<Face> found = faces.faces(p.path());
        Optional<Face> f = FaceChoice.main(found, Face::box, Face::score);
        StringBuilder line = new StringBuilder(p.person() + "," + p.file());
        if (f.isEmpty()) {
          out.println(line.append(",0"));
          continue;
        }
        FaceQuality q = f.get().quality();
        line.append(String.format(Locale.ROOT, ",1,%.2f,%.4f,%.2f,%.2f,%.4f,%.4f,%.4f,%.4f,",
            q.width(), q.sharpness(), q.yaw(), q.pitch(), q.brightness(), q.evenness(),
            q.confidence(), q.score()));
        float[] v = f.get().embedding().values();
        for (int i = 0; i < v.length; i++) {
          line.append(i == 0 ? "" : " ").append(v[i]);
        }
        out.println(line);
      }
    }
  }
}
