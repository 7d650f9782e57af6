package candor.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.app.http.Photos;
import candor.app.http.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The request register in a real headless Chromium: a privacy officer receives an erasure
 * request with a selfie and confirms the match, records the identity check; a second officer
 * opens it from the register, confirms, makes the PDF report, erases (the receipt shows) and
 * answers; the register then shows it answered, and the transparency page counts it.
 * Screenshots go to {@code target/ui-screenshots/requests-*.png}.
 */
class RequestsBrowserTest {

  @TempDir static Path dir;
  static TestServer server;
  static WebDriver driver;
  static WebDriverWait wait;
  static Map<String, String> keys;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(Files.isExecutable(WebUiBrowserTest.CHROMIUM)
        && Files.isExecutable(WebUiBrowserTest.DRIVER), "Chromium is absent (/usr/bin/chromium"
        + " and /usr/bin/chromedriver): skipping the browser test; run .ci/browser.sh as root to"
        + " install Debian's chromium and chromium-driver");
    server = TestServer.start(dir.resolve("data"));
    String admin = server.adminToken();
    assertThat(server.postJson("/v1/collections", admin, Map.of("name", "archive", "purpose",
        "missing persons", "defaultBasis", Map.of("kind", "authority", "reference",
            "Missing Persons Act s.4"), "retention", "P5Y")).status()).isEqualTo(201);
    keys = Map.of(
        "erin", key(admin, "enroller", "erin"),
        "olga", key(admin, "privacy-officer", "olga"),
        "pia", key(admin, "privacy-officer", "pia"));
    String subject = server.postJson("/v1/collections/archive/subjects", keys.get("erin"),
        Map.of("externalRef", "anna-7", "displayName", "Anna Example", "basis",
            Map.of("kind", "consent", "reference", "consent form 2026-117"))).json().get("id")
        .asText();
    assertThat(server.postMultipart("/v1/subjects/" + subject + "/photos", keys.get("erin"),
        Map.of(), List.of(Map.entry("photo", Photos.crop(Photos.PERSON_A, 1)))).status())
        .isEqualTo(200);

    Files.createDirectories(WebUiBrowserTest.SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(WebUiBrowserTest.CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage", "--window-size=1360,1200");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(WebUiBrowserTest.DRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(60));
  }

  static String key(String admin, String role, String name) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", List.of("*"),
        "name", name)).json().get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  static WebElement find(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  static void shot(String name) throws IOException {
    File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), WebUiBrowserTest.SHOTS.resolve("requests-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  static void signIn(String user) {
    driver.get(server.base() + "/#signin");
    find("signin-key").sendKeys(keys.get(user));
    find("signin-submit").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user));
  }

  static void signOut() {
    find("signout").click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-signin")));
  }

  static WebElement matchCard() {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#request-matches .card")));
  }

  @Test
  void two_officers_take_an_erasure_request_from_selfie_to_answer_in_the_register()
      throws IOException {
    // 1. Olga receives the request with the requester's selfie: one match, unreviewed.
    signIn("olga");
    driver.get(server.base() + "/#requests");
    Path selfie = dir.resolve("selfie.jpg");
    Files.write(selfie, Photos.crop(Photos.PERSON_A, 0.9, true, 0.9, 1.1, 21));
    find("request-photo").sendKeys(selfie.toAbsolutePath().toString());
    find("request-ref").sendKeys("DSAR-UI-1");
    new Select(find("request-kind")).selectByValue("erasure");
    find("request-submit").click();
    WebElement card = matchCard();
    find("request-probe");
    wait.until(d -> card.findElements(By.tagName("img")).size() == 1);
    assertThat(find("request-title").getText()).startsWith("Request ").endsWith("(erasure)");
    String id = driver.getCurrentUrl().replaceAll(".*#requests/", "");
    assertThat(card.getText()).contains("collection archive", "unreviewed");
    shot("1-received");
    card.findElement(By.className("note")).sendKeys("same face shape, eyes and hairline");
    card.findElement(By.className("confirm")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(card, "awaiting second confirmation"));
    find("request-identity-note").sendKeys("passport seen at the front desk");
    find("request-identity").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("request-info"),
        "checked by olga"));
    shot("2-first-confirmation");
    signOut();

    // 2. Pia opens it from the register, confirms, makes the report, erases and answers.
    signIn("pia");
    driver.get(server.base() + "/#requests");
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#requests-table tr[data-request='" + id + "']")));
    assertThat(row.getText()).contains("erasure", "open", "DSAR-UI-1");
    row.findElement(By.tagName("a")).click();
    By cards = By.cssSelector("#request-matches .card");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(cards, "olga: confirmed"));
    // the request renders again as the register reloads: act on the card as it is now, and
    // again if it was replaced between typing and clicking
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement again = d.findElement(cards);
      again.findElement(By.className("note")).sendKeys("agree: the same person");
      again.findElement(By.className("confirm")).click();
      return true;
    });
    wait.until(ExpectedConditions.textToBePresentInElementLocated(cards, "identified"));
    find("request-pdf").click();
    WebElement link = find("request-pdf-link");
    assertThat(link.getAttribute("href")).startsWith("blob:");
    assertThat(link.getAttribute("download")).isEqualTo("access-report-" + id + ".pdf");
    shot("3-identified-and-report");
    find("request-erase").click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#request-receipts li.receipt")));
    assertThat(find("request-receipts").getText()).startsWith("Erased subject ");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(cards, "erased"));
    find("request-outcome").sendKeys("erased 1 face; receipt sent by post");
    find("request-answer").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("request-info"),
        "Answered"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#requests-table tr[data-request='" + id + "'] td.request-state"),
        "answered"));
    assertThat(driver.findElement(By.id("request-probe")).isDisplayed()).isFalse();
    shot("4-answered");

    // 3. The transparency page counts it.
    driver.get(server.base() + "/#transparency");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transparency-rights"),
        "People's requests: erasure 1; answered 1"));
    assertThat(find("transparency-rights").getText()).contains("erasures on request 1 (1 faces)");
  }
}
