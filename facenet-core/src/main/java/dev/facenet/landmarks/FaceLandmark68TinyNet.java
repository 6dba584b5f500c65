package dev.facenet.landmarks;

import dev.facenet.weights.FaceApiWeights;

/**
 * face-api's tiny 68-point landmark net (three dense blocks of three convolutions, 77,224 bytes of
 * weights): about four times fewer operations than {@link FaceLandmark68Net}, a little less
 * precise.
 */
public final class FaceLandmark68TinyNet extends DenseLandmarkNet {
  /** Name of the bundled weights. */
  public static final String MODEL = "face_landmark_68_tiny_model";

  /** The net with the weights bundled in facenet-models. */
  public FaceLandmark68TinyNet() {
    this(FaceApiWeights.bundled(MODEL));
  }

  /** The net with the given face-api weights ({@code face_landmark_68_tiny_model}). */
  public FaceLandmark68TinyNet(FaceApiWeights weights) {
    super("face_landmark_68_tiny", weights, 3, 3);
  }
}
