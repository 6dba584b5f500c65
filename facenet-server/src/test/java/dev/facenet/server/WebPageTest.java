package dev.facenet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.FaceNet;
import dev.facenet.common.KeyRole;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The service's web page in a real headless Chromium: a fake camera that films a seed picture, a
 * picture taken from it and recognized, enrolled, recognized again, an uploaded picture of someone
 * else, and the person deleted again, each step checked on the page and in the gallery.
 *
 * <p>It uses Debian's chromium and chromedriver, so that nothing is downloaded while testing; it
 * fails without them, since a skipped browser test would hide a broken page.
 */
class WebPageTest {
  static final Path SEED = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** The canvas's box colours (the page's --known and --unknown), as red, green, blue. */
  static final int[] KNOWN = {0x16, 0xa3, 0x4a};

  static final int[] UNKNOWN = {0xd9, 0x77, 0x06};

  @TempDir Path dir;

  @Test
  void recognizesEnrolsAndDeletesThroughThePage() throws Exception {
    assertThat(CHROMIUM)
        .as("Debian's chromium is needed (apt-get install chromium chromium-driver)")
        .isExecutable();
    assertThat(CHROMEDRIVER)
        .as("Debian's chromedriver is needed (apt-get install chromium chromium-driver)")
        .isExecutable();
    Path camera = dir.resolve("camera.y4m");
    writeCameraFilm(SEED.resolve("kevin.jpg"), camera);

    try (FaceNet faces = FaceNet.builder().gallery(dir.resolve("people.db")).build();
        FaceServer server = FaceServer.start(faces, ServerOptions.defaults(0))) {
      WebDriver browser = chromium(camera);
      try {
        // the first picture loads the networks: slow on a small machine
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        browser.get(server.url() + "/");
        // a key that is not one is refused, and the page says so
        browser.findElement(By.id("key")).sendKeys("fnk_0000000000000000_not-a-key");
        browser.findElement(By.id("refresh")).click();
        wait.withMessage(() -> "a refused key reported; status: " + status(browser))
            .until(d -> d.findElement(By.id("status")).getText().contains("401"));
        assertThat(status(browser)).contains("not valid").contains("paste an API key");
        assertThat(browser.findElement(By.id("status")).getAttribute("class")).isEqualTo("error");
        browser.findElement(By.id("key")).clear();
        browser.findElement(By.id("key")).sendKeys(adminKey(faces));

        browser.findElement(By.id("camera")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("snap"))).click();
        waitFor(wait, browser, "an unknown face", results -> results.startsWith("unknown"));
        assertThat(lines(browser)).hasSize(1);
        assertThat(canvas(browser, UNKNOWN))
            .as("the shot (640 x 480), with an unknown box over it")
            .satisfies(c -> assertThat(c.width()).isEqualTo(640))
            .satisfies(c -> assertThat(c.boxPixels()).isGreaterThan(200))
            .satisfies(c -> assertThat(c.colours()).isGreaterThan(20));

        browser.findElement(By.id("name")).sendKeys("kevin");
        browser.findElement(By.id("enroll")).click();
        wait.withMessage(() -> "kevin listed; status: " + status(browser))
            .until(d -> person(d, "kevin") != null);
        assertThat(person(browser, "kevin").getText()).contains("kevin").contains("1 encoding");
        assertThat(faces.person("kevin").encodings()).isEqualTo(1);

        browser.findElement(By.id("snap")).click();
        waitFor(wait, browser, "kevin recognized", results -> results.startsWith("kevin "));
        assertThat(canvas(browser, KNOWN).boxPixels()).as("a known box").isGreaterThan(200);

        browser
            .findElement(By.id("file"))
            .sendKeys(SEED.resolve("shivi.jpg").toAbsolutePath().normalize().toString());
        waitFor(wait, browser, "shivi not taken for kevin", r -> r.startsWith("unknown"));
        assertThat(lines(browser)).hasSize(1);
        assertThat(canvas(browser, UNKNOWN))
            .as("the upload (452 x 452), shown at 480 x 480")
            .satisfies(c -> assertThat(c.width()).isEqualTo(480))
            .satisfies(c -> assertThat(c.boxPixels()).isGreaterThan(200));

        person(browser, "kevin").findElement(By.cssSelector("button.delete")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.withMessage(() -> "nobody listed; status: " + status(browser))
            .until(d -> !d.findElements(By.cssSelector("#people li.empty")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#people li.person"))).isEmpty();
        assertThat(faces.people()).isEmpty();
        assertThat(browser.findElement(By.id("status")).getAttribute("class"))
            .as(status(browser))
            .isNotEqualTo("error");
      } finally {
        browser.quit();
      }
    }
  }

  /** A key the page may enrol and delete with. */
  private static String adminKey(FaceNet faces) {
    return faces.keys().create(KeyRole.ADMIN, "web page test").text();
  }

  /**
   * Debian's chromium through Debian's chromedriver, both named, so Selenium Manager is skipped.
   * The fake camera plays {@code film} and the camera question is answered yes.
   */
  private static WebDriver chromium(Path film) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--use-file-for-fake-video-capture=" + film.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  private static void waitFor(
      WebDriverWait wait, WebDriver browser, String what, Function<String, Boolean> results) {
    wait.withMessage(
            () -> what + "; results: '" + resultsText(browser) + "', status: " + status(browser))
        .until(
            d -> {
              // an error on the page will not go away: say it now, not after the timeout
              assertThat(d.findElement(By.id("status")).getAttribute("class"))
                  .as(what + "; status: " + status(d))
                  .isNotEqualTo("error");
              return results.apply(resultsText(d));
            });
  }

  private static String resultsText(WebDriver browser) {
    return browser.findElement(By.id("results")).getText().strip();
  }

  private static List<String> lines(WebDriver browser) {
    return browser.findElements(By.cssSelector("#results li")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String status(WebDriver browser) {
    return browser.findElement(By.id("status")).getText();
  }

  /** The people list's entry for {@code name}, or null. */
  private static WebElement person(WebDriver browser, String name) {
    return browser.findElements(By.cssSelector("#people li.person")).stream()
        .filter(li -> name.equals(li.findElement(By.cssSelector(".name")).getText()))
        .findFirst()
        .orElse(null);
  }

  /** What the canvas shows: its width, pixels of a box colour, and coarse colours seen. */
  record Canvas(long width, long boxPixels, long colours) {}

  private static Canvas canvas(WebDriver browser, int[] box) {
    @SuppressWarnings("unchecked")
    List<Long> seen =
        (List<Long>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    """
                    const c = document.getElementById("picture");
                    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                    const [r, g, b] = arguments[0];
                    let box = 0;
                    const colours = new Set();
                    for (let i = 0; i < d.length; i += 4) {
                      if (Math.abs(d[i] - r) < 10 && Math.abs(d[i + 1] - g) < 10
                          && Math.abs(d[i + 2] - b) < 10) box++;
                      colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4));
                    }
                    return [c.width, box, colours.size];
                    """,
                    List.of(box[0], box[1], box[2]));
    return new Canvas(seen.get(0), seen.get(1), seen.get(2));
  }

  /**
   * A film for Chromium's fake camera: {@code picture} three times as large, centred on a grey 640
   * x 480 frame, as YUV4MPEG2 (the one format it plays): 4:2:0, BT.601 full range as JPEG uses.
   */
  static void writeCameraFilm(Path picture, Path film) throws IOException {
    int width = 640;
    int height = 480;
    BufferedImage face = ImageIO.read(picture.toFile());
    BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = frame.createGraphics();
    g.setColor(new Color(150, 150, 150));
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    int w = face.getWidth() * 3;
    int h = face.getHeight() * 3;
    g.drawImage(face, (width - w) / 2, (height - h) / 2, w, h, null);
    g.dispose();

    byte[] y = new byte[width * height];
    byte[] u = new byte[width * height / 4];
    byte[] v = new byte[width * height / 4];
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        int rgb = frame.getRGB(col, row);
        y[row * width + col] = clamp(0.299 * red(rgb) + 0.587 * green(rgb) + 0.114 * blue(rgb));
      }
    }
    for (int row = 0; row < height; row += 2) {
      for (int col = 0; col < width; col += 2) {
        double r = 0;
        double gr = 0;
        double b = 0;
        for (int[] at : new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
          int rgb = frame.getRGB(col + at[1], row + at[0]);
          r += red(rgb) / 4.0;
          gr += green(rgb) / 4.0;
          b += blue(rgb) / 4.0;
        }
        int i = (row / 2) * (width / 2) + col / 2;
        u[i] = clamp(128 - 0.168736 * r - 0.331264 * gr + 0.5 * b);
        v[i] = clamp(128 + 0.5 * r - 0.418688 * gr - 0.081312 * b);
      }
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(film))) {
      out.write(
          ("YUV4MPEG2 W" + width + " H" + height + " F30:1 Ip A1:1 C420jpeg\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int n = 0; n < 3; n++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(y);
        out.write(u);
        out.write(v);
      }
    }
  }

  private static int red(int rgb) {
    return (rgb >> 16) & 0xff;
  }

  private static int green(int rgb) {
    return (rgb >> 8) & 0xff;
  }

  private static int blue(int rgb) {
    return rgb & 0xff;
  }

  private static byte clamp(double value) {
    return (byte) Math.max(0, Math.min(255, Math.round(value)));
  }
}
