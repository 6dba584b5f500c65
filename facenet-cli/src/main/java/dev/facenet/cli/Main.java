package dev.facenet.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The entry point of the {@code facenet} tool (the launcher script at the repository root runs it).
 * It keeps DJL offline and its logging quiet unless told otherwise, and exits with the command's
 * exit code: 0 success, 1 "no" (verify did not match), 2 any error, 128 + the signal's number for a
 * {@code train} stopped by Ctrl-C or kill.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    defaultProperty("ai.djl.offline", "true");
    defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // On a machine with CUDA libraries but no usable GPU, DJL warns at every start; we run on the
    // CPU anyway.
    defaultProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code;
    try {
      code = run(out, err, args);
    } catch (Throwable t) { // an Error (e.g. out of memory) that picocli's handlers do not see
      err.println("facenet: " + ErrorHandlers.message(t));
      code = ErrorHandlers.ERROR;
    }
    out.flush();
    err.flush();
    if (shuttingDown()) {
      // A signal (Ctrl-C, kill) started the JVM's shutdown, which ends it with 128 + the signal's
      // number once the
      // hooks have run. System.exit(code) could win that race and replace the signal's status with
      // ours.
      return;
    }
    System.exit(code);
  }

  /** True when the JVM is already shutting down: no shutdown hook can be added any more. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException inProgress) {
      return true;
    }
  }

  /**
   * Runs one command line with the given output streams and returns its exit code (what tests
   * call).
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /** The configured command line: all subcommands, our error handling, the given output streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    ErrorHandlers handlers = new ErrorHandlers();
    return new CommandLine(new FacenetCommand())
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(handlers)
        .setExecutionExceptionHandler(handlers);
  }

  private static void defaultProperty(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
