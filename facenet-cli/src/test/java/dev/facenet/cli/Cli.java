package dev.facenet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the {@code facenet} command line in this process, the way {@link Main} does, with captured
 * output.
 */
final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return lines(out);
    }

    List<String> errLines() {
      return lines(err);
    }

    private static List<String> lines(String s) {
      return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\R"));
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  static Result run(Object... args) {
    String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), argv);
    return new Result(code, out.toString(), err.toString());
  }
}
