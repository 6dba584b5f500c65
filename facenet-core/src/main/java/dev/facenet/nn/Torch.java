package dev.facenet.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Locale;

/**
 * The one place that decides how DJL runs: the PyTorch engine, offline (the native library comes
 * from the pytorch-native jar on the class path, never from a download), and the device. The device
 * is chosen at run time from the system property {@code facenet.device} or the environment variable
 * {@code FACENET_DEVICE} ({@code cpu}, {@code gpu}, or {@code auto}, the default: the GPU when the
 * CUDA build is on the class path and a GPU is visible, else the CPU).
 */
public final class Torch {
  private static volatile Device device;

  static {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("ai.djl.default_engine") == null) {
      System.setProperty("ai.djl.default_engine", "PyTorch");
    }
  }

  private Torch() {}

  /** The PyTorch engine, loaded once. */
  public static Engine engine() {
    return Engine.getEngine("PyTorch");
  }

  /**
   * Turns autograd off on the calling thread. PyTorch keeps the switch per thread and new threads
   * start with it on; DJL turns it off only on the thread that happened to start the engine. Work
   * that writes weights in place (opening a network to train) calls this first, so it does not
   * depend on which thread touched PyTorch first; a gradient collector turns it on for its scope.
   */
  public static void gradientsOff() {
    engine(); // loads the native library first
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
  }

  /** The device every network and tensor of this process uses. */
  public static Device device() {
    Device d = device;
    if (d == null) {
      synchronized (Torch.class) {
        if (device == null) {
          device = choose(requested());
        }
        d = device;
      }
    }
    return d;
  }

  /** Sets the device before any network is opened (the CLI's {@code --device}). */
  public static synchronized void useDevice(String name) {
    device = choose(name);
  }

  /** A new tensor manager on the chosen device; close it to free what it made. */
  public static NDManager newManager() {
    return engine().newBaseManager(device());
  }

  private static String requested() {
    String p = System.getProperty("facenet.device");
    if (p == null) {
      p = System.getenv("FACENET_DEVICE");
    }
    return p == null ? "auto" : p;
  }

  private static Device choose(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    Engine engine = engine();
    switch (n) {
      case "cpu":
        return Device.cpu();
      case "gpu":
        if (engine.getGpuCount() == 0) {
          throw new IllegalStateException(
              "--device gpu: no GPU is visible to PyTorch (build with -Pgpu for the CUDA jar)");
        }
        return Device.gpu();
      case "auto":
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
      default:
        throw new IllegalArgumentException("unknown device '" + name + "' (cpu, gpu or auto)");
    }
  }
}
