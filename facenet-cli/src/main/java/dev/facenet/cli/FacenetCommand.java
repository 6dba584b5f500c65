package dev.facenet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The top command {@code facenet}. It does nothing itself; it lists the subcommands, so a new
 * command is one line in the list below (keep one class per line).
 */
@Command(
    name = "facenet",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Face recognition on photos: find faces, encode them, keep a gallery of known people, verify and recognize.",
    subcommands = {
      EnrollCommand.class,
      VerifyCommand.class,
      CompareCommand.class,
      RecognizeCommand.class,
      ListCommand.class,
      RemoveCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      CheckCommand.class,
      EmbedCommand.class,
      DetectCommand.class,
      ServeCommand.class,
      WatchCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      EvaluateCommand.class,
      PairsCommand.class,
      CalibrateCommand.class,
      TrainCommand.class,
      HelpCommand.class,
    })
public final class FacenetCommand {}
