package dev.facenet.evaluate;

import dev.facenet.FaceNet;
import dev.facenet.common.Face;
import dev.facenet.common.FaceChoice;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of picture files into encodings, one per file in order. The evaluation depends on
 * this and not on a network, so the same metrics run on whatever pipeline makes the encodings.
 */
@FunctionalInterface
public interface BatchEncoder {
  List<EncodedPicture> encode(List<Path> pictures);

  /**
   * The facade's pipeline: the largest face of each picture, detected and aligned. Where no face is
   * found, the best guess is the whole picture given to the encoder (tagged with the same crop, so
   * the pair is still scored) and the picture is counted as without a face. In whole-image mode
   * every picture is its own face and pictures are encoded in batches.
   */
  static BatchEncoder of(FaceNet faces) {
    if (faces.pipeline().wholeImage()) {
      return pictures ->
          faces.encodeAll(pictures).stream().map(e -> new EncodedPicture(e, true)).toList();
    }
    return pictures -> {
      List<EncodedPicture> out = new ArrayList<>(pictures.size());
      for (Path p : pictures) {
        BufferedImage picture = ImageLoader.load(p);
        List<Face> found = faces.faces(picture);
        if (found.isEmpty()) {
          out.add(new EncodedPicture(faces.pipeline().embed(List.of(picture)).get(0), false));
        } else {
          Face main = FaceChoice.main(found, Face::box, Face::score).orElseThrow();
          out.add(new EncodedPicture(main.embedding(), true, main.quality()));
        }
      }
      return out;
    };
  }
}
