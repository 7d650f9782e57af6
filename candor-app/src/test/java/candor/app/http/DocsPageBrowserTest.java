package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API docs page in a real headless Chromium, opened by someone who never signed in: it reads
 * the public OpenAPI document and lists every route.
 */
class DocsPageBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @Test
  void the_docs_page_lists_the_api_without_a_key(@TempDir Path dir) {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Chromium is absent (/usr/bin/chromium and /usr/bin/chromedriver): skipping the browser"
            + " test; run .ci/browser.sh as root to install Debian's chromium and chromium-driver");
    try (TestServer server = TestServer.start(dir)) {
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--disable-dev-shm-usage");
      WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
          .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build(), options);
      try {
        driver.get(server.base() + "/docs.html");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        WebElement title = wait.until(ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#docs h1")));
        assertThat(title.getText()).isEqualTo("Candor API " + HttpApi.VERSION);
        List<String> paths = driver.findElements(By.cssSelector("#docs .op .path")).stream()
            .map(WebElement::getText).toList();
        for (ApiRoute route : server.server().routes()) {
          assertThat(paths).contains(route.path());
        }
      } finally {
        driver.quit();
      }
    }
  }
}
