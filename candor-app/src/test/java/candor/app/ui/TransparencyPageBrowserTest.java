package candor.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.app.http.TestServer;
import candor.core.eval.BinomialInterval;
import candor.core.eval.DemographicMeasurements;
import candor.core.eval.DemographicReport;
import candor.core.eval.MeasuredRate;
import candor.core.eval.OperatingThreshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The transparency page in a real headless Chromium shows a pack's recorded demographic measurement. */
class TransparencyPageBrowserTest {
  @TempDir Path dir;

  private static DemographicReport.GroupResult group(String name, long falseMatches, long impostorPairs) {
    MeasuredRate fmr = MeasuredRate.of(falseMatches, impostorPairs, BinomialInterval.CLOPPER_PEARSON);
    MeasuredRate fnmr = MeasuredRate.of(28, 1_538, BinomialInterval.CLOPPER_PEARSON);
    return new DemographicReport.GroupResult(name, "race", Map.of("race", name.substring(5)), 56, 178, 0, 1_538,
        1_538, impostorPairs, impostorPairs, 0.86,
        List.of(new DemographicReport.Rates("deployment", 0.42, fmr, 1, fnmr, 1.0, 1.0)),
        new DemographicReport.Identification(0, 0, MeasuredRate.of(0, 0, BinomialInterval.CLOPPER_PEARSON),
            List.of()), List.of());
  }

  @Test
  void the_transparency_page_shows_each_pack_measurement_per_group() throws IOException {
    assumeTrue(Files.isExecutable(WebUiBrowserTest.CHROMIUM) && Files.isExecutable(WebUiBrowserTest.DRIVER),
        "Chromium is absent (/usr/bin/chromium and /usr/bin/chromedriver): skipping the browser test; run"
            + " .ci/browser.sh as root to install Debian's chromium and chromium-driver");
    Path data = dir.resolve("data");
    new DemographicMeasurements(data).record(new DemographicReport("default", "mbf512-bgr-87aacdfe", "lfw",
        "lfw-groups.tsv", "ab".repeat(32), "USC SAIL race labels", List.of("race"), "rule", "clopper-pearson",
        0.95, 5_000_000, 16, 866, 3_610, 0, 463,
        List.of(new OperatingThreshold("deployment", 0.42, "compare's default")),
        List.of(group("race=black", 3, 14_215), group("race=white", 283, 3_625_949)),
        new DemographicReport.Policy("worst-group", 1e-4, 0.513, "race=white", 10_000, List.of(), List.of()),
        "2026-12-01T10:00:00Z"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(WebUiBrowserTest.CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage");
    WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(WebUiBrowserTest.DRIVER.toFile()).usingAnyFreePort().build(), options);
    try (TestServer server = TestServer.start(data)) {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      driver.get(server.base() + "/#signin");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key"))).sendKeys(server.adminToken());
      driver.findElement(By.id("signin-submit")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "admin"));
      driver.get(server.base() + "/#transparency");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("demographics"), "race=white"));
      String text = driver.findElement(By.id("demographics")).getText();
      assertThat(text).contains("Pack default: measured 2026-12-01T10:00:00Z on lfw",
          "866 identities, 3610 images; labels lfw-groups.tsv (USC SAIL race labels); deployment threshold 0.420;"
              + " worst-group threshold for FMR 0.0001: 0.513 (set by race=white)",
          "race=black 56 2.1e-4 [4.4e-5, 6.2e-4] (3 of 14215) 1.8e-2 [1.2e-2, 2.6e-2] (28 of 1538)");
    } finally {
      driver.quit();
    }
  }
}
