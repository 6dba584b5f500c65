package dev.facenet;

/** Names of the ways a face is cut out of a picture; stored with every encoding. */
public final class Crops {
  /** The whole picture is the face (the seed's 96 x 96 head crops). */
  public static final String WHOLE_IMAGE = "whole-image";

  private Crops() {}
}
