package dev.facenet.embed;

import dev.facenet.align.FaceAligner;

/** Registers nn4.small2 under {@code --model nn4-small2} (META-INF/services). */
public final class Nn4Small2Provider implements FaceEncoderProvider {
  @Override
  public int dimension() {
    return Nn4Small2.DIMENSION;
  }

  @Override
  public String name() {
    return Nn4Small2Encoder.NAME;
  }

  @Override
  public FaceAligner aligner() {
    return Nn4Small2Encoder.CHIP;
  }

  @Override
  public String description() {
    return "the seed's FaceNet, OpenFace nn4.small2 (96 x 96 in, 128 out); weights from --weights DIR"
        + " (OpenFace/Keras CSV folder), else a seeded random initialisation";
  }

  @Override
  public FaceEncoder open(EncoderOptions options) {
    return Nn4Small2Encoder.open(options);
  }
}
