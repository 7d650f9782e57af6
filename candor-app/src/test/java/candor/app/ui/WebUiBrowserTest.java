package candor.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.app.http.Photos;
import candor.app.http.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
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
 * The web UI end to end in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, installed by {@code .ci/browser.sh}): an enroller signs in and enrols two
 * photos of one person; an investigator searches with a third, sees that person first and the
 * strangers greyed as weak (a weak confirmation without a reason is refused), and confirms; a
 * second investigator finds the search in their queue, sees the probe beside the candidate with
 * the score and the estimate but not the first decision, confirms blind, and only then sees both
 * decisions (the candidate is identified); an auditor finds it all in the audit view and verifies
 * the chain. Screenshots go to {@code target/ui-screenshots}.
 */
class WebUiBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "ui-screenshots");

  @TempDir static Path dir;
  static TestServer server;
  static WebDriver driver;
  static WebDriverWait wait;
  static Map<String, String> keys;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Chromium is absent (/usr/bin/chromium and /usr/bin/chromedriver): skipping the browser"
            + " test; run .ci/browser.sh as root to install Debian's chromium and chromium-driver");
    server = TestServer.start(dir.resolve("data"));
    String admin = server.adminToken();
    assertThat(server.postJson("/v1/collections", admin, Map.of("name", "archive", "purpose",
        "missing persons", "defaultBasis", Map.of("kind", "authority", "reference",
            "Missing Persons Act s.4"), "retention", "P5Y")).status()).isEqualTo(201);
    keys = Map.of(
        "erin", key(admin, "enroller", "erin"),
        "alice", key(admin, "investigator", "alice"),
        "bob", key(admin, "investigator", "bob"),
        "audrey", key(admin, "auditor", "audrey"));
    // Two other people in the gallery, so that ranking the right one first means something.
    distractor("bea", Photos.PERSON_B);
    distractor("cleo", Photos.PERSON_C);

    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage", "--window-size=1360,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(60));
  }

  static String key(String admin, String role, String name) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", List.of("*"),
        "name", name)).json().get("token").asText();
  }

  static void distractor(String ref, Photos.Face face) {
    String id = server.postJson("/v1/collections/archive/subjects", keys.get("erin"),
        Map.of("externalRef", ref, "displayName", "Person " + ref, "basis",
            Map.of("kind", "consent", "reference", "form " + ref))).json().get("id").asText();
    assertThat(server.postMultipart("/v1/subjects/" + id + "/photos", keys.get("erin"), Map.of(),
        List.of(Map.entry("photo", Photos.crop(face, 1)), Map.entry("photo",
            Photos.crop(face, 0.8, true, 1.0, 1.0, 2)))).status()).isEqualTo(200);
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

  static Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  static void shot(String name) throws IOException {
    File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static WebElement find(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
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

  static void go(String hash) {
    driver.get(server.base() + "/" + hash);
  }

  @Test
  void enrol_search_review_twice_and_audit_in_the_browser() throws IOException {
    // 1. The enroller creates a subject with a lawful basis and adds two photos.
    signIn("erin");
    go("#subjects");
    find("subject-ref").sendKeys("anna-7");
    find("subject-name").sendKeys("Anna Example");
    new Select(find("subject-basis-kind")).selectByValue("consent");
    find("subject-basis-ref").sendKeys("consent form 2026-117");
    find("subject-create").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
        "Enrolled Anna Example"));
    Path one = file("anna-1.jpg", Photos.crop(Photos.PERSON_A, 0.6, false, 1.0, 1.0, 11));
    Path two = file("anna-2.jpg", Photos.crop(Photos.PERSON_A, 0.8, true, 1.2, 0.9, 12));
    find("photos-files").sendKeys(one.toAbsolutePath() + "\n" + two.toAbsolutePath());
    find("photos-submit").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("photos-result"),
        "2 face(s) enrolled from 2 photo(s)"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subjects-table"),
        "Anna Example"));
    shot("1-enrolled");
    signOut();

    // 2. An investigator searches with a third photo: Anna comes first; she confirms.
    signIn("alice");
    go("#search");
    Path probe = file("probe.jpg", Photos.crop(Photos.PERSON_A, 1.0, false, 0.85, 1.15, 13));
    find("search-photo").sendKeys(probe.toAbsolutePath().toString());
    new Select(find("search-purpose")).selectByValue("missing-person");
    find("search-case").sendKeys("CASE-UI-1");
    find("search-submit").click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#candidates .card")));
    List<WebElement> cards = driver.findElements(By.cssSelector("#candidates .card"));
    assertThat(cards).hasSizeGreaterThanOrEqualTo(3);
    WebElement first = cards.getFirst();
    assertThat(first.findElement(By.className("name")).getText()).isEqualTo("Anna Example");
    assertThat(first.findElement(By.tagName("img")).getAttribute("src")).startsWith("blob:");
    assertThat(first.getAttribute("class")).doesNotContain("weak");
    String face = first.getAttribute("data-face");
    String searchId = find("search-id").getText();
    // The strangers are weak: greyed, labelled, and not confirmed without a written reason.
    List<WebElement> weak = driver.findElements(By.cssSelector("#candidates .card.weak"));
    assertThat(weak).isNotEmpty();
    assertThat(weak.getFirst().findElement(By.className("weak-label")).getText())
        .isEqualToIgnoringCase("weak candidate");
    shot("2-search-results");
    weak.getFirst().findElement(By.className("note")).sendKeys("looks alike");
    weak.getFirst().findElement(By.className("confirm")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
        "rule weak-candidate-reason"));
    assertThat(weak.getFirst().getText()).contains("unreviewed");
    first.findElement(By.className("note")).sendKeys("same face shape, eyes and hairline");
    first.findElement(By.className("confirm")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(first, "awaiting second confirmation"));
    shot("3-first-confirmation");
    signOut();

    // 3. A second investigator finds the search in their queue and reviews it blind: the probe
    // beside the candidate, the score and the estimate, but not alice's decision until theirs.
    signIn("bob");
    go("#queue");
    WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#queue-table tr.queue-entry[data-search='" + searchId + "']")));
    assertThat(entry.getText()).contains("CASE-UI-1").contains("alice");
    shot("4-queue");
    entry.findElement(By.className("open-review")).click();
    By card = By.cssSelector("#review-candidates .card[data-face='" + face + "']");
    WebElement review = wait.until(ExpectedConditions.visibilityOfElementLocated(card));
    wait.until(ExpectedConditions.attributeContains(By.id("review-probe"), "src", "blob:"));
    List<WebElement> pair = review.findElements(By.cssSelector(".pair img"));
    assertThat(pair).hasSize(2);
    assertThat(pair).allSatisfy(img -> assertThat(img.getAttribute("src")).startsWith("blob:"));
    assertThat(review.findElement(By.className("figures")).getText())
        .matches("similarity 0\\.\\d{3} · est\\. false match rate .+");
    assertThat(review.getText()).contains("Anna Example").contains("Blind review")
        .contains("lawful basis: consent, consent form 2026-117")
        .doesNotContain("alice").doesNotContain("confirmed").doesNotContain("hairline");
    ((org.openqa.selenium.JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", review);
    shot("5-blind-review-before");
    review.findElement(By.className("note")).sendKeys("agree: same person");
    review.findElement(By.className("confirm")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(review, "identified"));
    assertThat(review.getText())
        .contains("alice: confirmed — “same face shape, eyes and hairline”")
        .contains("bob: confirmed — “agree: same person”")
        .doesNotContain("Blind review");
    shot("6-blind-review-after");
    go("#queue");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-empty")));
    signOut();

    // 4. The auditor finds all of it in the audit view, and the chain verifies.
    signIn("audrey");
    go("#audit");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit-table tr.entry")));
    List<String> actions = new ArrayList<>();
    for (WebElement td : driver.findElements(By.cssSelector("#audit-table td.action"))) {
      actions.add(td.getText());
    }
    assertThat(actions).contains("subject.create", "media.ingest", "search.run",
        "review.confirmed", "candidate.identified", "key.login", "policy.allow");
    assertThat(find("audit-table").getText()).contains("search:" + searchId + "/probe");
    String table = find("audit-table").getText();
    assertThat(table).contains("CASE-UI-1").contains("alice (key").contains("bob (key")
        // the audit records the store's face id (its candidates list gives the rank); the
        // public id the page shows never enters the hash-chained log
        .contains("search:" + searchId + "/face:").doesNotContain(face);
    find("audit-verify").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-verdict"),
        "Chain intact"));
    shot("7-audit");
    go("#transparency");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transparency-table"),
        "missing-person: 1"));
    shot("8-transparency");
  }
}
