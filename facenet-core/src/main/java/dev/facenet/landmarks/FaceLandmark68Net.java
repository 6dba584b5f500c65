package dev.facenet.landmarks;

import dev.facenet.weights.FaceApiWeights;

/**
 * face-api's full 68-point landmark net (four dense blocks, 356,840 bytes of weights): the accurate
 * choice and the default of the pipeline.
 */
public final class FaceLandmark68Net extends DenseLandmarkNet {
  /** Name of the bundled weights. */
  public static final String MODEL = "face_landmark_68_model";

  /** The net with the weights bundled in facenet-models. */
  public FaceLandmark68Net() {
    this(FaceApiWeights.bundled(MODEL));
  }

  /** The net with the given face-api weights ({@code face_landmark_68_model}). */
  public FaceLandmark68Net(FaceApiWeights weights) {
    super("face_landmark_68", weights, 4, 4);
  }
}
