package dev.facenet;

/**
 * The answer to "do these two pictures show the same person?" without a gallery (face_recognition's
 * {@code compare_faces}, deepface's {@code verify(img1, img2)}): the distance between their largest
 * faces' encodings, the threshold it was judged against, and whether it is under it.
 */
public record Comparison(double distance, boolean match, double threshold) {}
