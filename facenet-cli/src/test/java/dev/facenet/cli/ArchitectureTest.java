package dev.facenet.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import java.util.stream.Stream;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes of every module
 * (the CLI's test class path holds them all; test classes are left out).
 */
@AnalyzeClasses(packages = "dev.facenet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The layers from the bottom up, with their packages; a layer uses only the layers below it. */
  private static final List<String[]> LAYERS =
      List.of(
          new String[] {"common", "dev.facenet.common.."},
          new String[] {"weights", "dev.facenet.weights.."},
          new String[] {"nn", "dev.facenet.nn.."},
          new String[] {"image", "dev.facenet.image.."},
          new String[] {"detect", "dev.facenet.detect.."},
          new String[] {"landmarks", "dev.facenet.landmarks.."},
          new String[] {"align", "dev.facenet.align.."},
          new String[] {"quality", "dev.facenet.quality.."},
          new String[] {"embed", "dev.facenet.embed.."},
          new String[] {"pipeline", "dev.facenet.pipeline.."},
          new String[] {"gallery", "dev.facenet.gallery.."},
          new String[] {"api", "dev.facenet"},
          new String[] {"evaluate", "dev.facenet.evaluate.."},
          new String[] {"train", "dev.facenet.train.."},
          new String[] {"video", "dev.facenet.video.."},
          new String[] {"server", "dev.facenet.server.."});

  /** The programs on top, side by side: neither uses the other, nothing uses them. */
  private static final List<String[]> PROGRAMS =
      List.of(
          new String[] {"bench", "dev.facenet.bench.."}, new String[] {"cli", "dev.facenet.cli.."});

  private static final String[] CORE = {
    "dev.facenet",
    "dev.facenet.common..",
    "dev.facenet.weights..",
    "dev.facenet.nn..",
    "dev.facenet.image..",
    "dev.facenet.detect..",
    "dev.facenet.landmarks..",
    "dev.facenet.align..",
    "dev.facenet.quality..",
    "dev.facenet.embed..",
    "dev.facenet.pipeline..",
    "dev.facenet.gallery.."
  };

  /**
   * The CLI goes through the front door: the facade and its answers, the shared values, evaluation
   * and training.
   */
  @ArchTest
  static final ArchRule theCliUsesOnlyThePublicApi =
      classes()
          .that()
          .resideInAPackage("dev.facenet.cli..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "dev.facenet.cli..",
              "dev.facenet",
              "dev.facenet.common..",
              "dev.facenet.evaluate..",
              "dev.facenet.train..",
              "dev.facenet.server..",
              "dev.facenet.video..",
              "java..",
              "javax..",
              "picocli..",
              "com.google.gson..",
              "org.slf4j..")
          .because("commands reach the gallery and the networks only through dev.facenet.FaceNet");

  /**
   * Every package of dev.facenet is its own slice; no two use each other, directly or round about.
   */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices()
          .assignedFrom(
              new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass c) {
                  return c.getPackageName().startsWith("dev.facenet")
                      ? SliceIdentifier.of(c.getPackageName())
                      : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                  return "the packages of dev.facenet";
                }
              })
          .should()
          .beFreeOfCycles();

  @ArchTest static final ArchRule layersUseOnlyTheLayersBelow = layers();

  @ArchTest
  static final ArchRule networksNeverUseTheGallery =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.facenet.detect..",
              "dev.facenet.landmarks..",
              "dev.facenet.embed..",
              "dev.facenet.nn..",
              "dev.facenet.weights..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.facenet.gallery..")
          .because("a network knows its layers and weights, not who is enrolled");

  @ArchTest
  static final ArchRule theCoreNeverUsesTheModulesAboveIt =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.facenet.evaluate..",
              "dev.facenet.train..",
              "dev.facenet.video..",
              "dev.facenet.bench..",
              "dev.facenet.server..",
              "dev.facenet.cli..")
          .because(
              "facenet-core is the library; evaluation, training, benchmarks, the server and the CLI"
                  + " are built on it");

  /** The server is a shell over the front door too, like the CLI. */
  @ArchTest
  static final ArchRule theServerUsesOnlyThePublicApi =
      classes()
          .that()
          .resideInAPackage("dev.facenet.server..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "dev.facenet.server..",
              "dev.facenet",
              "dev.facenet.common..",
              "java..",
              "io.javalin..",
              "org.eclipse.jetty..",
              "jakarta.servlet..",
              "kotlin..",
              "io.micrometer..",
              "com.google.gson..",
              "org.slf4j..")
          .because(
              "the service reaches the gallery and the networks only through dev.facenet.FaceNet");

  /**
   * Video watching is built on the front door too: frames in, the facade's faces and answers out.
   */
  @ArchTest
  static final ArchRule videoUsesOnlyThePublicApi =
      classes()
          .that()
          .resideInAPackage("dev.facenet.video..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "dev.facenet.video..",
              "dev.facenet",
              "dev.facenet.common..",
              "java..",
              "org.bytedeco..")
          .because("watching a video locates, encodes and recognises through dev.facenet.FaceNet");

  private static LayeredArchitecture layers() {
    LayeredArchitecture a = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] l : LAYERS) {
      a = a.layer(l[0]).definedBy(l[1]);
    }
    for (String[] p : PROGRAMS) {
      a = a.layer(p[0]).definedBy(p[1]);
    }
    for (int i = 0; i < LAYERS.size(); i++) {
      String[] above =
          Stream.concat(LAYERS.subList(i + 1, LAYERS.size()).stream(), PROGRAMS.stream())
              .map(l -> l[0])
              .toArray(String[]::new);
      a = a.whereLayer(LAYERS.get(i)[0]).mayOnlyBeAccessedByLayers(above);
    }
    for (String[] p : PROGRAMS) {
      a = a.whereLayer(p[0]).mayNotBeAccessedByAnyLayer();
    }
    return a;
  }
}
