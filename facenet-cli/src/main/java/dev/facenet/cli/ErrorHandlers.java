package dev.facenet.cli;

import dev.facenet.common.FaceNetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into exit code 2 and exactly one line on stderr: wrong flags (with a pointer
 * to {@code --help}), a {@link FaceNetException} (its message is written for people), or anything
 * unexpected (its type and message). A stack trace only with the hidden {@code --debug} flag.
 */
final class ErrorHandlers implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int ERROR = 2;

  /**
   * A run stopped by Ctrl-C (SIGINT, 128 + 2 by the shell's convention). The JVM itself exits with
   * 128 + the signal's number when a signal started its shutdown (143 after SIGTERM), whatever the
   * command returns: {@link Main} then lets that shutdown finish instead of calling System.exit.
   */
  static final int INTERRUPTED = 130;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine where = e.getCommandLine();
    PrintWriter err = where.getErr();
    err.println(
        "facenet: "
            + oneLine(e.getMessage())
            + " (see: "
            + where.getCommandSpec().qualifiedName()
            + " --help)");
    if (wantsDebug(args)) {
      e.printStackTrace(err);
    }
    err.flush();
    return ERROR;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine where, ParseResult parsed) {
    PrintWriter err = where.getErr();
    err.println("facenet: " + message(e));
    if (parsed.originalArgs().contains("--debug")) {
      e.printStackTrace(err);
    }
    err.flush();
    return ERROR;
  }

  /** The one line a person reads: our own messages as they are, anything else with its type. */
  static String message(Throwable e) {
    if (e instanceof FaceNetException) {
      return oneLine(e.getMessage());
    }
    String m = e.getMessage();
    return "unexpected error: "
        + e.getClass().getSimpleName()
        + (m == null ? "" : ": " + oneLine(m))
        + " (run again with --debug for details)";
  }

  /**
   * The message on one line, and nothing in it a terminal would act on: line breaks become spaces,
   * other control characters and the invisible ones that reorder or hide text (a file name may hold
   * any of them) are shown as {@code \\u001b}.
   */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip().replaceAll("\\s*\\R\\s*", " ");
    StringBuilder out = new StringBuilder(line.length());
    line.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              if ((Character.isISOControl(c) && c != '\t')
                  || (type == Character.FORMAT && c != 0x200C && c != 0x200D)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static boolean wantsDebug(String[] args) {
    for (String a : args) {
      if (a.equals("--debug")) {
        return true;
      }
    }
    return false;
  }
}
