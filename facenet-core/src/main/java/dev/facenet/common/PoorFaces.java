package dev.facenet.common;

/**
 * What enrolment does with a face under the quality floor ({@link FaceQuality#FLOOR}): refuse it
 * with the reason, so that the gallery holds no encoding that would later name strangers or miss
 * its person, or take it anyway when the user knows better (the CLI's {@code --force}). Forcing
 * skips only this check: a picture without a face, or with several, is refused all the same.
 */
public enum PoorFaces {
  REFUSE,
  ACCEPT
}
