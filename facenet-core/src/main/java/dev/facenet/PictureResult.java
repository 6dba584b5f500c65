package dev.facenet;

import java.nio.file.Path;
import java.util.List;

/**
 * What bulk recognition ({@link FaceNet#recognizeEach}) gives for one picture: who each of its
 * faces is, or why the picture could not be read. A picture that fails has its own result, so it
 * does not stop the others.
 *
 * @param faces one answer per face, most confident first (empty when there is no face or on error)
 * @param error the one-line reason the picture failed; null when it was read
 */
public record PictureResult(Path image, List<FaceMatch> faces, String error) {
  public PictureResult {
    faces = List.copyOf(faces);
  }

  static PictureResult read(Path image, List<FaceMatch> faces) {
    return new PictureResult(image, faces, null);
  }

  static PictureResult failed(Path image, String error) {
    return new PictureResult(image, List.of(), error);
  }

  /** Could the picture not be read (or recognised)? */
  public boolean failed() {
    return error != null;
  }
}
