package dev.facenet.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.facenet.align.FaceAligner;
import dev.facenet.embed.Nn4Small2;
import dev.facenet.embed.Nn4Small2Encoder;
import dev.facenet.embed.OpenFaceCsvWeights;
import dev.facenet.nn.Torch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * nn4.small2 for training: the seed's input (96 px chips, pixel / 255), weights from a seeded
 * random initialisation or an OpenFace/Keras CSV folder, and trained weights written back in that
 * CSV layout, which is what {@code --model nn4-small2 --weights DIR} loads.
 */
final class Nn4Trainable implements TrainableNetwork {
  static final String MODEL = "nn4-small2";

  private final NDManager manager;
  private final Nn4Small2 net;
  private final String init;

  private Nn4Trainable(NDManager manager, Nn4Small2 net, String init) {
    this.manager = manager;
    this.net = net;
    this.init = init;
  }

  static Nn4Trainable random(long seed) {
    NDManager m = Torch.newManager();
    return new Nn4Trainable(
        m, Nn4Small2.create().initialize(m, seed), "random (seed " + seed + ")");
  }

  static Nn4Trainable fromFolder(Path dir, long seed) {
    NDManager m = Torch.newManager();
    try {
      Nn4Small2 net = Nn4Small2.create().initialize(m, seed);
      OpenFaceCsvWeights.load(net, dir);
      return new Nn4Trainable(m, net, dir.toAbsolutePath().normalize().toString());
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public ChipFormat chipFormat() {
    return ChipFormat.of(Nn4Small2Encoder.input());
  }

  @Override
  public FaceAligner aligner() {
    return Nn4Small2Encoder.CHIP;
  }

  @Override
  public Block block() {
    return net.block();
  }

  @Override
  public List<Stage> stages() {
    return net.stages().stream().map(s -> Stage.of(s.name(), s.block())).toList();
  }

  @Override
  public float batchNormMomentum() {
    return Nn4Small2.BN_MOMENTUM;
  }

  @Override
  public String initialisation() {
    return init;
  }

  @Override
  public List<String> saveWeights(Path dir) {
    OpenFaceCsvWeights.save(net, dir);
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".csv"))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
