package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.cli.BadInputCorpus.Entry;
import dev.facenet.cli.BadInputCorpus.Kind;
import dev.facenet.cli.BadInputCorpus.Outcome;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input run: every entry of {@link BadInputCorpus} through every CLI command and every
 * server route that takes it, in three child JVMs ({@link CorpusChild}: two share the CLI rows, one
 * serves and calls the service), each row with its own peak resident memory. Every row must give
 * the outcome the corpus wrote down for it, print no stack trace, and stay under 1.5 GB; no child
 * may be killed. The run writes its table to docs/BAD-INPUT.md (input, command, expected, actual,
 * peak memory), which is committed, so the table a reader sees is the one the last run produced.
 *
 * <p>It runs on demand ({@code scripts/bad-input-corpus.sh}, or {@code -Dfacenet.corpus=true}), not
 * in every build: its 1157 rows take about 15 minutes on two cores, since every CLI row starts its
 * networks anew.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "facenet.corpus", matches = "true")
class BadInputCorpusTest {
  private static final long LIMIT_KIB = 1536L * 1024;
  private static final Pattern STACK_TRACE =
      Pattern.compile("(?m)(^\\s+at [\\w$.]+\\(.*\\)$|Exception in thread|^Caused by: )");
  private static final int SHARDS = 2;

  @TempDir Path dir;

  /** One command or request on one entry. */
  record Row(int index, Entry entry, String command, JsonObject plan, Outcome expected) {}

  /** What a row gave. */
  record Result(
      int code, String out, String err, String stray, long startKb, long peakKb, long millis) {
    String all() {
      return out + "\n" + err + "\n" + stray;
    }
  }

  @Test
  void everyEntryGivesItsWrittenOutcomeEverywhere() throws Exception {
    Path corpusDir = dir.resolve("corpus");
    List<Entry> corpus = BadInputCorpus.generate(corpusDir);
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
    Path work = Files.createDirectories(dir.resolve("work"));
    // the children's plans and results, kept for a look after a failed run
    Path kept = Path.of("target", "bad-input");
    Path andrew = Fixtures.seedPerson("andrew");

    Path people = work.resolve("people.db");
    Cli.Result enrolled = Cli.run("enroll", "--db", people, "--name", "andrew", andrew);
    assertThat(enrolled.code()).as(enrolled.toString()).isZero();
    damageGalleries(corpus, people);

    List<Row> rows = new ArrayList<>();
    List<List<JsonObject>> plans = new ArrayList<>();
    for (int i = 0; i <= SHARDS; i++) {
      plans.add(new ArrayList<>());
    }
    Path served = Files.copy(people, work.resolve("served.db"));
    JsonObject serve = new JsonObject();
    serve.addProperty("serve", served.toString());
    plans.get(SHARDS).add(serve);
    int next = 0;
    for (Entry e : corpus) {
      int shard = next++ % SHARDS;
      Path shardPeople = work.resolve("people-" + shard + ".db");
      if (!Files.exists(shardPeople)) {
        Files.copy(people, shardPeople);
      }
      for (String command : commandsOf(e)) {
        Outcome expected = e.cli().get(command);
        JsonObject plan = new JsonObject();
        plan.add("cli", argv(e, command, shardPeople, work, andrew));
        Row row = new Row(rows.size(), e, command, plan, expected);
        plan.addProperty("row", row.index());
        rows.add(row);
        plans.get(shard).add(plan);
      }
      List<String> routes = routesOf(e);
      if (e.kind() == Kind.GALLERY && !routes.isEmpty()) {
        // a service of its own on a copy (the CLI rows change the file itself meanwhile), then
        // back to the shared one
        JsonObject own = new JsonObject();
        own.addProperty(
            "serve", Files.copy(e.file(), work.resolve("served-" + e.id() + ".db")).toString());
        plans.get(SHARDS).add(own);
      }
      for (String route : routes) {
        JsonObject plan = request(e, route, andrew);
        Row row = new Row(rows.size(), e, route, plan, e.http().get(route));
        plan.addProperty("row", row.index());
        rows.add(row);
        plans.get(SHARDS).add(plan);
      }
      if (e.kind() == Kind.GALLERY && !routes.isEmpty()) {
        plans.get(SHARDS).add(serve);
      }
    }

    long started = System.nanoTime();
    Map<Integer, Result> results;
    try {
      results = runChildren(plans, work);
    } finally {
      keep(work, kept);
    }
    double wall = (System.nanoTime() - started) / 1e9;
    double cpu = 0;
    for (int i = 0; i < plans.size(); i++) {
      for (String l : Files.readAllLines(work.resolve("child-" + i + ".out"))) {
        if (l.startsWith("cpu seconds: ")) {
          cpu += Double.parseDouble(l.substring("cpu seconds: ".length()));
        }
      }
    }
    String cost =
        String.format(
            Locale.ROOT,
            "The run took %.0f s of wall time; its %d processes used %.0f s of CPU on %d cores.",
            wall,
            plans.size(),
            cpu,
            Runtime.getRuntime().availableProcessors());
    List<String> failures = new ArrayList<>();
    int passed = 0;
    for (Row r : rows) {
      Result got = results.get(r.index());
      String problem = problem(r, got);
      if (problem == null) {
        passed++;
      } else {
        failures.add(
            r.entry().id()
                + " / "
                + r.command()
                + (r.expected().pending() == null ? "" : " [" + r.expected().pending() + "]")
                + ": "
                + problem);
      }
    }
    writeTable(corpus, rows, results, passed, cost, dir);
    System.out.printf(
        "bad-input corpus: %d entries, %d rows, %d passed, %d failed. %s%n",
        corpus.size(), rows.size(), passed, failures.size(), cost);
    assertThat(failures).as("rows that did not give their written outcome").isEmpty();
  }

  // ---- the rows ----

  private static List<String> commandsOf(Entry e) {
    List<String> order =
        switch (e.kind()) {
          case PICTURE -> BadInputCorpus.PICTURE_COMMANDS;
          case NAME -> BadInputCorpus.NAME_COMMANDS;
          case GALLERY -> BadInputCorpus.GALLERY_COMMANDS;
          case LINES -> List.of("import");
          case FOLDER ->
              List.of(
                  "recognize",
                  "enroll --dataset",
                  "pairs",
                  "evaluate --dataset",
                  "calibrate --dataset",
                  "train");
        };
    return order.stream().filter(e.cli()::containsKey).toList();
  }

  private static List<String> routesOf(Entry e) {
    List<String> order =
        switch (e.kind()) {
          case NAME -> BadInputCorpus.NAME_ROUTES;
          case GALLERY -> BadInputCorpus.GALLERY_ROUTES;
          default -> BadInputCorpus.PICTURE_ROUTES;
        };
    return order.stream().filter(e.http()::containsKey).toList();
  }

  private static JsonArray argv(Entry e, String command, Path people, Path work, Path andrew)
      throws IOException {
    String id = safe(e.id());
    List<Object> a =
        switch (e.kind()) {
          case PICTURE -> {
            Path file = e.file();
            yield switch (command) {
              case "detect" -> List.of("detect", file);
              case "embed" -> List.of("embed", "--json", file);
              case "enroll" ->
                  List.of(
                      "enroll",
                      "--db",
                      work.resolve("enrol-" + id + ".db"),
                      "--name",
                      "corpus",
                      file);
              case "verify" -> List.of("verify", "--db", people, "--name", "andrew", file);
              case "recognize" -> List.of("recognize", "--db", people, file);
              case "compare" -> List.of("compare", andrew, file);
              case "import" ->
                  List.of("import", "--db", work.resolve("import-" + id + ".db"), file);
              default -> throw new IllegalArgumentException(command);
            };
          }
          case NAME -> {
            Path gallery = work.resolve("names-" + id + ".db");
            if (!Files.exists(gallery)) {
              Files.copy(people, gallery);
            }
            yield switch (command) {
              case "enroll" -> List.of("enroll", "--db", gallery, "--name", e.name(), andrew);
              case "verify" -> List.of("verify", "--db", gallery, "--name", e.name(), andrew);
              case "list" -> List.of("list", "--db", gallery);
              case "remove" -> List.of("remove", "--db", gallery, "--name", e.name());
              default -> throw new IllegalArgumentException(command);
            };
          }
          case GALLERY -> {
            Path gallery = e.file();
            yield switch (command) {
              case "verify" -> List.of("verify", "--db", gallery, "--name", "broken", andrew);
              case "recognize" -> List.of("recognize", "--db", gallery, andrew);
              case "list" -> List.of("list", "--db", gallery);
              case "export" -> List.of("export", "--db", gallery);
              case "check" -> List.of("check", "--db", gallery);
              case "audit" -> List.of("audit", "--db", gallery);
              case "remove" -> List.of("remove", "--db", gallery, "--name", "broken");
              default -> throw new IllegalArgumentException(command);
            };
          }
          case LINES -> List.of("import", "--db", work.resolve("import-" + id + ".db"), e.file());
          case FOLDER -> {
            Path dataset = work.resolve("dataset");
            Path pictures = dataset.resolve("corpus");
            if (!Files.exists(pictures)) {
              linkPictures(e.file(), Files.createDirectories(pictures));
              for (int person : new int[] {1, 2}) {
                Path folder = Files.createDirectories(dataset.resolve("s" + person));
                for (int k = 1; k <= 4; k++) {
                  Files.copy(Fixtures.orl(person, k), folder.resolve(k + ".pgm"));
                }
              }
            }
            yield switch (command) {
              case "recognize" -> List.of("recognize", "--db", people, pictures);
              case "enroll --dataset" ->
                  List.of(
                      "enroll", "--db", work.resolve("dataset.db"), "--dataset", dataset, "--json");
              case "pairs" ->
                  List.of("pairs", "--dataset", dataset, "--out", work.resolve("dataset.pairs"));
              case "evaluate --dataset" -> List.of("evaluate", "--dataset", dataset, "--folds", 2);
              case "calibrate --dataset" ->
                  List.of(
                      "calibrate",
                      "--db",
                      work.resolve("calibrate.db"),
                      "--dataset",
                      dataset,
                      "--folds",
                      2);
              case "train" ->
                  List.of(
                      "train",
                      "--data",
                      dataset,
                      "--out",
                      work.resolve("trained"),
                      "--epochs",
                      1,
                      "--crop",
                      "whole",
                      "--model",
                      "nn4-small2",
                      "--val-identities",
                      0);
              default -> throw new IllegalArgumentException(command);
            };
          }
        };
    JsonArray out = new JsonArray();
    a.forEach(x -> out.add(x.toString()));
    return out;
  }

  /**
   * The corpus's pictures in one folder but the bombs (their rows are above; decoding each again
   * would only cost time): regular files as hard links, links as links.
   */
  private static void linkPictures(Path from, Path to) throws IOException {
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(f.getFileName());
        if (f.getFileName().toString().startsWith("bomb-")) {
          continue;
        }
        if (Files.isSymbolicLink(f)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(f));
        } else if (Files.isRegularFile(f)) {
          Files.createLink(target, f);
        }
      }
    }
  }

  private static JsonObject request(Entry e, String route, Path andrew) {
    JsonObject http = new JsonObject();
    String[] parts = route.split(" ", 2);
    http.addProperty("method", parts[0]);
    String path = parts[1];
    if (parts[0].equals("DELETE") || parts[0].equals("GET")) {
      path = path.replace("{name}", pathSegment(String.valueOf(e.name())));
    } else if (e.kind() == Kind.GALLERY) {
      http.addProperty("body", andrew.toString());
      http.addProperty("type", "image/jpeg");
    } else if (e.kind() == Kind.NAME) {
      path = path.replace("{name}", pathSegment(e.name()));
      http.addProperty("body", andrew.toString());
      http.addProperty("type", "image/jpeg");
    } else if (path.equals("/v1/compare")) {
      JsonArray form = new JsonArray();
      form.add(andrew.toString());
      form.add(e.file().toString());
      http.add("form", form);
    } else {
      http.addProperty("body", e.file().toString());
      http.addProperty("type", "image/" + extension(e.file()));
    }
    http.addProperty("path", path);
    JsonObject plan = new JsonObject();
    plan.add("http", http);
    return plan;
  }

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String extension(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "octet-stream" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String safe(String id) {
    return Integer.toHexString(id.hashCode())
        + "-"
        + id.replaceAll("[^A-Za-z0-9.-]", "_")
            .substring(0, Math.min(40, id.replaceAll("[^A-Za-z0-9.-]", "_").length()));
  }

  // ---- damaged galleries ----

  /**
   * Each damaged gallery: andrew's gallery plus 'broken', whose one row is damaged as described.
   */
  private static void damageGalleries(List<Entry> corpus, Path people) throws Exception {
    int i = 0;
    for (Entry e : corpus) {
      if (e.kind() != Kind.GALLERY) {
        continue;
      }
      Files.createDirectories(e.file().getParent());
      Files.copy(people, e.file());
      int id = 1001 + i++;
      String model = "resnet";
      int dimension = 128;
      byte[] vector;
      switch (e.id()) {
        case "gallery-short-vector" -> vector = new byte[100];
        case "gallery-nan" -> vector = floats(128, Float.NaN);
        case "gallery-wrong-dimension" -> {
          dimension = 64;
          vector = floats(64, 0.01f);
        }
        case "gallery-unknown-model" -> {
          model = "mystery-net";
          vector = floats(128, 0.01f);
        }
        default -> throw new IllegalArgumentException(e.id());
      }
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + e.file());
          Statement s = db.createStatement()) {
        s.executeUpdate("INSERT INTO person(name) VALUES ('broken')");
        try (PreparedStatement p =
            db.prepareStatement(
                "INSERT INTO encoding(id, person_id, model, crop, dimension, vector)"
                    + " VALUES (?, (SELECT id FROM person WHERE name = 'broken'), ?,"
                    + " 'dlib-chip-150', ?, ?)")) {
          p.setInt(1, id);
          p.setString(2, model);
          p.setInt(3, dimension);
          p.setBytes(4, vector);
          p.executeUpdate();
        }
        s.executeUpdate("UPDATE changes SET value = value + 1 WHERE id = 1");
      }
    }
  }

  private static byte[] floats(int n, float value) {
    ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putFloat(i == 0 ? value : 0.01f);
    }
    return b.array();
  }

  // ---- the children ----

  private static Map<Integer, Result> runChildren(List<List<JsonObject>> plans, Path work)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<Process> children = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      Path plan = work.resolve("plan-" + i + ".jsonl");
      Files.write(
          plan, plans.get(i).stream().map(JsonObject::toString).toList(), StandardCharsets.UTF_8);
      Path output = work.resolve("results-" + i + ".jsonl");
      outputs.add(output);
      ProcessBuilder pb =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx1g",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CorpusChild.class.getName(),
                  plan.toString(),
                  output.toString())
              .redirectOutput(work.resolve("child-" + i + ".out").toFile())
              .redirectError(work.resolve("child-" + i + ".err").toFile());
      pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
      pb.environment().put("LC_ALL", "C.UTF-8");
      children.add(pb.start());
    }
    for (int i = 0; i < children.size(); i++) {
      Process child = children.get(i);
      boolean ended = child.waitFor(90, TimeUnit.MINUTES);
      if (!ended) {
        children.forEach(Process::destroyForcibly);
      }
      assertThat(ended).as("child %d ended", i).isTrue();
      assertThat(child.exitValue())
          .as(
              "child %d's exit status (137: killed by the system); its stderr: %s",
              i, Files.readString(work.resolve("child-" + i + ".err")))
          .isZero();
    }
    Map<Integer, Result> results = new HashMap<>();
    for (Path output : outputs) {
      for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
        JsonObject r = JsonParser.parseString(line).getAsJsonObject();
        results.put(
            r.get("row").getAsInt(),
            new Result(
                r.get("code").getAsInt(),
                r.get("out").getAsString(),
                r.get("err").getAsString(),
                r.get("stray").getAsString(),
                r.get("startKb").getAsLong(),
                r.get("peakKb").getAsLong(),
                r.get("millis").getAsLong()));
      }
    }
    return results;
  }

  private static void keep(Path work, Path kept) throws IOException {
    Files.createDirectories(kept);
    try (var files = Files.list(work)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.startsWith("plan-") || n.startsWith("results-") || n.startsWith("child-")) {
          Files.copy(f, kept.resolve(n), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  // ---- judging ----

  /** Null when the row gave what was expected; else what went wrong. */
  private static String problem(Row r, Result got) {
    if (got == null) {
      return "no result (the child died before it)";
    }
    List<String> wrong = new ArrayList<>();
    Outcome want = r.expected();
    if (got.code() != want.code()) {
      wrong.add("code " + got.code() + ", expected " + want.code());
    }
    String text = got.all();
    for (String f : want.says()) {
      if (!text.contains(f)) {
        wrong.add("no \"" + f + "\"");
      }
    }
    for (String f : want.never()) {
      if (text.contains(f)) {
        wrong.add("says \"" + f + "\"");
      }
    }
    if (STACK_TRACE.matcher(text).find()) {
      wrong.add("a stack trace");
    }
    if (got.peakKb() > LIMIT_KIB) {
      wrong.add("peak " + got.peakKb() / 1024 + " MiB");
    }
    if (r.plan().has("cli") && got.code() == 2 && !r.command().equals("recognize")) {
      long errLines = got.err().lines().count();
      if (errLines != 1) {
        wrong.add(errLines + " lines on stderr");
      }
    }
    return wrong.isEmpty() ? null : String.join("; ", wrong) + " (got: " + shown(got, 300) + ")";
  }

  // ---- the table ----

  private static void writeTable(
      List<Entry> corpus,
      List<Row> rows,
      Map<Integer, Result> results,
      int passed,
      String cost,
      Path base)
      throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path docs = root.resolve("docs");
    if (!Files.isDirectory(docs) || !Files.exists(root.resolve("pom.xml"))) {
      return; // not run from a module of the repository
    }
    StringBuilder md = new StringBuilder();
    md.append("# Bad input: the corpus run\n\n")
        .append(
            "Generated by `BadInputCorpusTest` (facenet-cli's tests, run by `scripts/bad-input-corpus.sh`); do not edit."
                + " The corpus is made by `BadInputCorpus` and `CorpusFiles` (nothing hand-picked),"
                + " and each entry's expected outcome is written there by hand, per command and"
                + " route. Every row runs in a child JVM (`CorpusChild`) as a user runs it; `peak` is"
                + " that process's peak resident memory (VmHWM, native memory included) during the"
                + " row, counted from what the process already held (in brackets: its resident memory"
                + " when the row started, after garbage collection), so it is an upper bound of a"
                + " fresh process's. A row passes when its exit code (HTTP status) and message"
                + " match, no stack trace is printed anywhere, and the peak stays under 1.5 GB."
                + " Rows marked *pending* expect behaviour that a change under way on main brings.\n\n");
    long pendingFailed =
        rows.stream()
            .filter(
                r -> r.expected().pending() != null && problem(r, results.get(r.index())) != null)
            .count();
    md.append(
        String.format(
            Locale.ROOT,
            "%d entries, %d rows: %d passed, %d failed (%d of them pending). %s%n%n",
            corpus.size(),
            rows.size(),
            passed,
            rows.size() - passed,
            pendingFailed,
            cost));
    md.append("## The entries\n\n| input | kind | what it is |\n|---|---|---|\n");
    for (Entry e : corpus) {
      md.append("| ")
          .append(cell(e.id(), 80))
          .append(" | ")
          .append(e.kind().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(cell(e.description(), 200))
          .append(" |\n");
    }
    md.append(
        "\n## The runs\n\n| input | command | expected | actual | peak MiB (from) | result |\n"
            + "|---|---|---|---|---:|---|\n");
    for (Row r : rows) {
      Result got = results.get(r.index());
      String problem = problem(r, got);
      String verdict =
          problem == null
              ? "pass"
              : r.expected().pending() != null
                  ? "**fail** (" + r.expected().pending() + ")"
                  : "**FAIL**";
      md.append("| ")
          .append(cell(r.entry().id(), 60))
          .append(" | ")
          .append(cell(r.command(), 40))
          .append(" | ")
          .append(cell(r.expected().toString(), 120))
          .append(" | ")
          .append(got == null ? "(no result)" : local(cell(shown(got, 160), 160), base))
          .append(" | ")
          .append(got == null ? "" : got.peakKb() / 1024 + " (" + got.startKb() / 1024 + ")")
          .append(" | ")
          .append(verdict)
          .append(" |\n");
    }
    Files.writeString(docs.resolve("BAD-INPUT.md"), md.toString(), StandardCharsets.UTF_8);
  }

  /**
   * A table cell without the run's own folders (the temporary folder, the shared fixtures' path),
   * so that the committed table changes only when an outcome does.
   */
  private static String local(String cell, Path base) {
    return cell.replace(base + "/", "").replace(System.getProperty("facenet.shared"), "../shared");
  }

  /** The telling part of a result: its code, then stderr's first line, or else stdout's. */
  private static String shown(Result got, int max) {
    String code = got.code() < 100 ? "exit " + got.code() : String.valueOf(got.code());
    String text = got.err().isBlank() ? got.out() : got.err();
    String first = text.strip().lines().findFirst().orElse("");
    if (!got.stray().isBlank()) {
      first += " [also printed: " + got.stray().strip().lines().findFirst().orElse("") + "]";
    }
    return code
        + (first.isEmpty()
            ? ""
            : ": " + (first.length() > max ? first.substring(0, max) + "…" : first));
  }

  /**
   * Text fit for one table cell: no line breaks, no pipes, controls shown as escapes, cut short.
   */
  private static String cell(String s, int max) {
    String t = s.length() > max ? s.substring(0, max) + "…" : s;
    StringBuilder out = new StringBuilder();
    t.codePoints()
        .forEach(
            c -> {
              if (c == '|') {
                out.append("\\|");
              } else if (c == '\n') {
                out.append("\\n");
              } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", c));
              } else if (c == '`' || c == '*' || c == '_' || c == '<' || c == '[') {
                out.append('\\').appendCodePoint(c);
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
