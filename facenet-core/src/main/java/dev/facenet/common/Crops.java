package dev.facenet.common;

/** Names of the ways a face is cut out of a picture; stored with every encoding. */
public final class Crops {
  /** The whole picture is the face (the seed's 96 x 96 head crops). */
  public static final String WHOLE_IMAGE = "whole-image";

  /** Added to a crop's name when encodings are the mean of the chip's and its mirror image's. */
  public static final String FLIP_SUFFIX = "+flip";

  private Crops() {}
}
