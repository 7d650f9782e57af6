package candor.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through its chromedriver, for the web UI's tests: start it,
 * screenshot into {@code target/ui-screenshots}, read what a page offers for download, and check
 * a page with axe-core.
 *
 * <p>axe-core (MPL-2.0) is not vendored: {@link #axe} installs the pinned version with npm into
 * {@code target/axe} on first use, and a test that needs it skips with a message when npm or the
 * registry cannot be reached.
 */
final class Chromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "ui-screenshots");
  static final Path DOWNLOADS = Path.of("target", "ui-downloads").toAbsolutePath();
  /** The axe-core release the accessibility checks run. */
  static final String AXE_VERSION = "4.14.1";
  static final Path AXE = Path.of("target", "axe", "node_modules", "axe-core", "axe.min.js");

  private static final ObjectMapper JSON = new ObjectMapper();

  final WebDriver driver;
  final WebDriverWait wait;

  private Chromium(WebDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
  }

  /** Starts Chromium, or skips the calling test when it is not installed. */
  static Chromium start() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Chromium is absent (/usr/bin/chromium and /usr/bin/chromedriver): skipping the browser"
            + " test; run .ci/browser.sh as root to install Debian's chromium and chromium-driver");
    Files.createDirectories(SHOTS);
    // Each run starts with no download, so a file found there is this run's.
    if (Files.isDirectory(DOWNLOADS)) {
      try (var files = Files.list(DOWNLOADS)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
    Path downloads = Files.createDirectories(DOWNLOADS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage", "--window-size=1360,1000");
    options.setExperimentalOption("prefs", Map.of("download.default_directory",
        downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return new Chromium(driver);
  }

  @Override
  public void close() {
    driver.quit();
  }

  WebElement find(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void shot(String name) throws IOException {
    File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Drops a file on an element as a person dragging it from their desktop would: the file goes
   * through a file input (the only way a page receives a local file), then a {@code drop} event
   * carries it to the element.
   */
  void drop(Path file, String targetId) {
    js("const i = document.createElement('input'); i.type = 'file'; i.id = 'test-drop-source';"
        + " document.body.append(i);");
    driver.findElement(By.id("test-drop-source")).sendKeys(file.toAbsolutePath().toString());
    js("const i = document.getElementById('test-drop-source'); const dt = new DataTransfer();"
        + " dt.items.add(i.files[0]); i.remove();"
        + " const target = document.getElementById(arguments[0]);"
        + " target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
        + " target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        targetId);
  }

  /** Pastes a file on the page, as copying an image and pressing Ctrl+V would. */
  void paste(Path file) {
    js("const i = document.createElement('input'); i.type = 'file'; i.id = 'test-paste-source';"
        + " document.body.append(i);");
    driver.findElement(By.id("test-paste-source")).sendKeys(file.toAbsolutePath().toString());
    js("const i = document.getElementById('test-paste-source'); const dt = new DataTransfer();"
        + " dt.items.add(i.files[0]); i.remove();"
        + " document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true,"
        + " cancelable: true}));");
  }

  /**
   * The file a download link the page made (a blob: URL with a file name) saved: the link is
   * clicked when the page offers it, and Chromium saves into {@link #DOWNLOADS}.
   */
  byte[] download(String linkId) throws IOException {
    WebElement link = find(linkId);
    assertThat(link.getAttribute("href")).startsWith("blob:");
    Path saved = DOWNLOADS.resolve(link.getAttribute("download"));
    wait.until(d -> Files.isRegularFile(saved));
    return Files.readAllBytes(saved);
  }

  /**
   * Runs axe-core on the page as it stands and returns its serious and critical violations, each
   * as {@code rule: target, target, ...}; skips the calling test when axe-core cannot be
   * installed.
   */
  List<String> axe() throws IOException, InterruptedException {
    installAxe();
    if (Boolean.TRUE.equals(js("return typeof window.axe === 'object';")) == false) {
      js(Files.readString(AXE));
    }
    String result = (String) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + " axe.run(document, {resultTypes: ['violations']})"
            + ".then(r => done(JSON.stringify(r.violations))).catch(e => done('ERROR ' + e));");
    assertThat(result).doesNotStartWith("ERROR");
    List<String> serious = new ArrayList<>();
    for (JsonNode v : JSON.readTree(result)) {
      String impact = v.path("impact").asText();
      if (impact.equals("serious") || impact.equals("critical")) {
        List<String> targets = new ArrayList<>();
        v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
        serious.add(v.path("id").asText() + " (" + impact + "): " + String.join(", ", targets));
      }
    }
    return serious;
  }

  private static synchronized void installAxe() throws IOException, InterruptedException {
    if (Files.isRegularFile(AXE)) {
      return;
    }
    Path prefix = Files.createDirectories(Path.of("target", "axe"));
    Process npm;
    try {
      npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund",
          "--prefix", prefix.toString(), "axe-core@" + AXE_VERSION)
          .redirectErrorStream(true).redirectOutput(prefix.resolve("npm.log").toFile()).start();
    } catch (IOException e) {
      assumeTrue(false, "npm is absent, so axe-core cannot be installed: skipping the"
          + " accessibility check (" + e.getMessage() + ")");
      return;
    }
    boolean done = npm.waitFor(3, TimeUnit.MINUTES);
    assumeTrue(done && npm.exitValue() == 0 && Files.isRegularFile(AXE), "npm could not install"
        + " axe-core@" + AXE_VERSION + " into target/axe (see target/axe/npm.log): skipping the"
        + " accessibility check");
  }
}
