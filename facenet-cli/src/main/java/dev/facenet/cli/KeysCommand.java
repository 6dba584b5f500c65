package dev.facenet.cli;

import dev.facenet.AccessKeys;
import dev.facenet.common.ApiKey;
import dev.facenet.common.KeyRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet keys create|list|revoke}: the API keys of the service, kept in the gallery. A new
 * key is printed once and never again: the gallery keeps only its hash. Nothing here opens a
 * network.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Make, list and revoke the API keys the service accepts (kept in the gallery as hashes).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "say what to do: keys create, list or revoke");
  }

  /** A key as listings show it: never its secret, nor its hash. */
  record Shown(String id, String label, String role, String created, String revoked) {
    static Shown of(ApiKey k) {
      return new Shown(
          k.id(),
          k.label(),
          k.role().label(),
          time(k.created()),
          k.revoked() == null ? null : time(k.revoked()));
    }
  }

  /** A time as every listing writes it: UTC, to the second. */
  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Make a new key and print it, once: the gallery keeps only its hash.")
  static final class Create extends FaceCommand {
    @Mixin GalleryOption gallery;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description =
            "user: verify, recognize, compare, detect, embed and list; admin: also enrol and"
                + " delete.")
    String role;

    @Option(
        names = "--name",
        paramLabel = "LABEL",
        description = "Whose key it is, as listings and the audit show it (default: ROLE key).")
    String label;

    /** What {@code --json} prints: the only time the key is shown. */
    record Created(String id, String label, String role, String key) {}

    @Override
    public Integer call() {
      KeyRole r = KeyRole.parse(role);
      return withGallery(
          gallery.creating(common.builder()),
          faces -> {
            AccessKeys.NewKey made =
                faces.keys().create(r, label == null ? r.label() + " key" : label);
            ApiKey k = made.key();
            if (json()) {
              printJson(new Created(k.id(), k.label(), k.role().label(), made.text()));
            } else {
              out()
                  .printf(
                      "Created %s key %s (%s). The key, shown only this once:%n%s%n",
                      k.role().label(), k.id(), k.label(), made.text());
            }
            return 0;
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the keys, revoked ones too (never their secrets).")
  static final class ListKeys extends FaceCommand {
    @Mixin GalleryOption gallery;

    @Override
    public Integer call() {
      return withGallery(
          gallery.existing(common.builder()),
          faces -> {
            List<Shown> keys = faces.keys().list().stream().map(Shown::of).toList();
            if (json()) {
              printJson(keys);
            } else if (keys.isEmpty()) {
              out().println("No keys: make one with facenet keys create --db GALLERY --role admin");
            } else {
              int width = keys.stream().mapToInt(k -> k.label().length()).max().orElse(0);
              for (Shown k : keys) {
                out()
                    .printf(
                        "%s  %-5s  %-" + width + "s  made %s%s%n",
                        k.id(),
                        k.role(),
                        k.label(),
                        k.created(),
                        k.revoked() == null ? "" : "  REVOKED " + k.revoked());
              }
            }
            return 0;
          });
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a key, by its id or its label: it opens nothing from then on.")
  static final class Revoke extends FaceCommand {
    @Mixin GalleryOption gallery;

    @Parameters(paramLabel = "KEY", description = "The key's id, or its label.")
    String which;

    @Override
    public Integer call() {
      return withGallery(
          gallery.existing(common.builder()),
          faces -> {
            ApiKey k = faces.keys().revoke(which);
            if (json()) {
              printJson(Shown.of(k));
            } else {
              out().printf("Revoked %s key %s (%s)%n", k.role().label(), k.id(), k.label());
            }
            return 0;
          });
    }
  }
}
