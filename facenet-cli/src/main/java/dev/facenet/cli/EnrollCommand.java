package dev.facenet.cli;

import dev.facenet.DatasetEnrolment;
import dev.facenet.DatasetFolder;
import dev.facenet.FaceNet;
import dev.facenet.common.Embedding;
import dev.facenet.common.Person;
import dev.facenet.common.PoorFaces;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet enroll}: adds pictures of one person to the gallery, or with {@code --dataset} a
 * whole folder-per-person dataset. Every picture is read and encoded before the gallery is written
 * (or, when it does not exist yet, created), so one bad picture of a person leaves it as it was; in
 * a dataset, pictures that cannot be enrolled are refused and listed, pictures the gallery already
 * holds are counted and left alone (so a run that was interrupted is simply run again), and the
 * rest is stored in batches, each all or nothing.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description =
        "Add pictures of a person to the gallery (the file is created when it does not exist). "
            + "Each picture must show one face (or, with --largest, its largest face is taken), "
            + "good enough to trust (else it is refused with the reason; --force takes it). "
            + "Every picture is read before anything is written, so a bad one leaves the gallery as it was. "
            + "With --dataset, every sub-folder of DIR is a person (its name is theirs): pictures "
            + "the gallery already holds for them (same file content, model and crop) are skipped "
            + "unread, the others are encoded on all cores and stored every 64 pictures, so an "
            + "interrupted run is resumed by running it again; pictures that cannot be enrolled "
            + "are refused and listed.")
final class EnrollCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Mixin PhotoOptions photo;

  @Option(
      names = "--largest",
      description = "Take the largest face of a picture with several (else it is refused).")
  boolean largest;

  @Option(
      names = "--force",
      description =
          "Enrol faces under the quality floor too (small, blurred, turned away, badly lit or"
              + " doubtfully detected; else refused with what is wrong). A picture without a"
              + " face, or with several, is refused all the same.")
  boolean force;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The person's name (required unless --dataset).")
  String name;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      description =
          "A folder with one sub-folder of pictures per person, named after them: enrol everyone"
              + " (instead of --name and IMAGE).")
  Path dataset;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "0..*",
      description = "Pictures of the person's face (with --name).")
  List<Path> images = List.of();

  /** What {@code --json} prints. */
  record Enrolled(String name, int encodings, String model, String crop, List<String> images) {}

  /** What {@code --json} prints for a dataset. */
  record EnrolledDataset(
      String dataset,
      int people,
      int pictures,
      int alreadyEnrolled,
      String model,
      String crop,
      List<RefusedFile> refused,
      List<WarnedFile> warnings) {}

  /** A file of the dataset that was not enrolled, and why. */
  record RefusedFile(String file, String reason) {}

  /** A picture that was enrolled but looks like a mistake, and why. */
  record WarnedFile(String file, String message) {}

  @Override
  public Integer call() {
    checkArguments();
    if (dataset != null) {
      return enrollDataset();
    }
    name = Person.checkName(name); // refused before any work; stored in Unicode NFC
    // An existing file that is not a gallery is refused when the facade is built, before any
    // picture is read;
    // a missing one is created only once every picture has been encoded.
    return withFaces(
        gallery
            .creating(photo.apply(common.builder()))
            .enrollLargest(largest)
            .poorFaces(force ? PoorFaces.ACCEPT : PoorFaces.REFUSE),
        faces -> {
          List<Embedding> encodings = faces.enroll(name, images);
          String stored = faces.person(name).name(); // "andrew" adds to Andrew: say Andrew
          String model = faces.model().id();
          if (json()) {
            printJson(
                new Enrolled(
                    stored,
                    encodings.size(),
                    model,
                    faces.crop(),
                    images.stream().map(Path::toString).toList()));
          } else {
            out()
                .printf(
                    "Enrolled %s: %d %s (%s/%s)%n",
                    stored,
                    encodings.size(),
                    encodings.size() == 1 ? "picture" : "pictures",
                    model,
                    faces.crop());
          }
          return 0;
        });
  }

  /** Either a name and its pictures, or a dataset: said as picocli says a missing option. */
  private void checkArguments() {
    if (dataset != null) {
      if (name != null || !images.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "--dataset=DIR and --name=NAME/IMAGE are mutually exclusive (specify only one)");
      }
      return;
    }
    if (name == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing required option: '--name=NAME' (or '--dataset=DIR')");
    }
    if (images.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'IMAGE'");
    }
  }

  private int enrollDataset() {
    DatasetFolder folder = DatasetFolder.scan(dataset); // names checked before any work
    return withFaces(
        gallery
            .creating(photo.apply(common.builder()))
            .enrollLargest(largest)
            .poorFaces(force ? PoorFaces.ACCEPT : PoorFaces.REFUSE),
        faces -> {
          ProgressBar bar = ProgressBar.onTerminal(err(), "enroll");
          int total = folder.pictures().size();
          int[] done = {0};
          bar.update(0, total);
          DatasetEnrolment enrolled =
              faces.enrollDataset(folder, picture -> bar.update(++done[0], total));
          report(faces, enrolled);
          return 0;
        });
  }

  private void report(FaceNet faces, DatasetEnrolment enrolled) {
    if (json()) {
      printJson(
          new EnrolledDataset(
              dataset.toString(),
              enrolled.people(),
              enrolled.pictures(),
              enrolled.alreadyEnrolled(),
              faces.model().id(),
              faces.crop(),
              enrolled.refused().stream()
                  .map(s -> new RefusedFile(s.file().toString(), s.reason()))
                  .toList(),
              enrolled.warnings().stream()
                  .map(w -> new WarnedFile(w.file().toString(), w.message()))
                  .toList()));
      return;
    }
    for (DatasetFolder.Skipped s : enrolled.refused()) {
      err().println("facenet: refused " + Formats.fileAndReason(s.file().toString(), s.reason()));
    }
    for (DatasetEnrolment.Warning w : enrolled.warnings()) {
      err().println("facenet: warning: " + w.file() + ": " + w.message());
    }
    out()
        .printf(
            "Enrolled %d %s, %d %s (%d already enrolled, %d refused)%n",
            enrolled.people(),
            enrolled.people() == 1 ? "person" : "people",
            enrolled.pictures(),
            enrolled.pictures() == 1 ? "picture" : "pictures",
            enrolled.alreadyEnrolled(),
            enrolled.refused().size());
  }
}
