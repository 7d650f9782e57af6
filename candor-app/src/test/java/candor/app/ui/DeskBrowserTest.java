package candor.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import candor.app.http.Photos;
import candor.app.http.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The investigator's and the auditor's desks in a real headless Chromium over a real server:
 * a probe photo with several faces is dropped on the search page, the investigator picks the
 * face, the results show the line at the operating threshold, a candidate opens side by side with
 * the probe, two investigators confirm it, the case view shows the searches, decisions and audit
 * entries, and the case's PDF report is exported and read back with PDFBox; the auditor filters
 * the log and exports it as CSV and JSON, and sees the charts; an enroller and an admin erase
 * subjects through the confirmation step and get receipts; each role sees only its pages; and
 * axe-core finds no serious or critical violation on any page. Screenshots go to {@code
 * target/ui-screenshots} (desk-*.png, auditor-*.png, erase-*.png).
 */
class DeskBrowserTest {

  @TempDir static Path dir;
  static TestServer server;
  static Chromium chrome;
  static Map<String, String> keys;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws IOException {
    chrome = Chromium.start();
    server = TestServer.start(dir.resolve("data"));
    String admin = server.adminToken();
    for (String name : List.of("archive", "watch")) {
      assertThat(server.postJson("/v1/collections", admin, Map.of("name", name, "purpose",
          "missing persons", "defaultBasis", Map.of("kind", "authority", "reference",
              "Missing Persons Act s.4"), "retention", "P5Y")).status()).isEqualTo(201);
    }
    keys = new LinkedHashMap<>();
    keys.put("admin", admin);
    keys.put("erin", key(admin, "enroller", "erin", List.of("*")));
    keys.put("alice", key(admin, "investigator", "alice", List.of("*")));
    keys.put("bob", key(admin, "investigator", "bob", List.of("*")));
    keys.put("sue", key(admin, "supervisor", "sue", List.of("*")));
    keys.put("audrey", key(admin, "auditor", "audrey", List.of("*")));
    keys.put("arne", key(admin, "auditor", "arne", List.of("archive")));
    enrol("archive", "anna-7", "Anna Example", Photos.PERSON_A, 11);
    enrol("archive", "bea", "Person bea", Photos.PERSON_B, 11);
    enrol("archive", "cleo", "Person cleo", Photos.PERSON_C, 11);
  }

  static String key(String admin, String role, String name, List<String> collections) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", collections,
        "name", name)).json().get("token").asText();
  }

  /** Enrols two photos of a face, variants {@code variant} and the next (each its own digest). */
  static String enrol(String collection, String ref, String name, Photos.Face face,
      int variant) {
    String id = server.postJson("/v1/collections/" + collection + "/subjects", keys.get("erin"),
        Map.of("externalRef", ref, "displayName", name, "basis",
            Map.of("kind", "consent", "reference", "consent form " + ref))).json().get("id")
        .asText();
    assertThat(server.postMultipart("/v1/subjects/" + id + "/photos", keys.get("erin"), Map.of(),
        List.of(Map.entry("photo", Photos.crop(face, 0.6, false, 1.0, 1.0, variant)),
            Map.entry("photo", Photos.crop(face, 0.8, true, 1.2, 0.9, variant + 1)))).status())
        .isEqualTo(200);
    return id;
  }

  @AfterAll
  static void stop() {
    if (chrome != null) {
      chrome.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static void signIn(String user) {
    // A fresh page without a stored key, whatever the test before left behind.
    chrome.driver.get(server.base() + "/#signin");
    chrome.js("sessionStorage.clear();");
    chrome.driver.navigate().refresh();
    chrome.find("signin-key").sendKeys(keys.get(user));
    chrome.find("signin-submit").click();
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"),
        user.equals("admin") ? "admin" : user));
  }

  static void signOut() {
    chrome.find("signout").click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-signin")));
  }

  static void go(String hash) {
    chrome.driver.get(server.base() + "/" + hash);
  }

  static void waitForMessage(String text) {
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), text));
  }

  /** Runs axe-core on the page as it stands: no serious or critical violation. */
  static void checkAccessibility(String page) throws IOException, InterruptedException {
    assertThat(chrome.axe()).as("axe-core's serious and critical violations on " + page)
        .isEmpty();
  }

  static Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void an_investigator_drops_a_probe_compares_and_two_confirm_then_the_case_is_reported()
      throws Exception {
    // 1. Alice drops a group photo: it has several faces, so she picks Anna's before searching.
    signIn("alice");
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-search")));
    byte[] group = Photos.jpeg(Photos.fixture(3));
    chrome.drop(file("group.jpg", group), "probe-drop");
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("probe-faces")));
    List<WebElement> faces = chrome.driver.findElements(By.cssSelector("#probe-faces label"));
    assertThat(faces).hasSizeGreaterThan(1);
    assertThat(chrome.find("probe-status").getText()).contains("faces found: pick the one");
    WebElement anna = null;
    double nearest = Double.MAX_VALUE;
    Pattern at = Pattern.compile(" at (\\d+),(\\d+),");
    for (WebElement label : faces) {
      Matcher m = at.matcher(label.getText());
      assertThat(m.find()).as(label.getText()).isTrue();
      double d = Math.hypot(Integer.parseInt(m.group(1)) - 242, Integer.parseInt(m.group(2)) - 135);
      if (d < nearest) {
        nearest = d;
        anna = label;
      }
    }
    chrome.find("search-case").sendKeys("CASE-DESK-1");
    // Searching before picking is refused with a message, and nothing is searched.
    chrome.find("search-submit").click();
    waitForMessage("pick the one to search");
    assertThat(chrome.find("message").getAttribute("role")).isEqualTo("alert");
    anna.findElement(By.tagName("input")).click();
    chrome.shot("desk-1-dropped-probe-pick-face");
    chrome.find("search-submit").click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#candidates .card")));
    String searchId = chrome.find("search-id").getText();

    // 2. The results: Anna first, the line at the operating threshold, the weak below it.
    List<WebElement> cards = chrome.driver.findElements(By.cssSelector("#candidates .card"));
    WebElement first = cards.getFirst();
    assertThat(first.findElement(By.className("name")).getText()).isEqualTo("Anna Example");
    assertThat(first.getAttribute("class")).doesNotContain("weak");
    String faceId = first.getAttribute("data-face");
    WebElement line = chrome.find("threshold-line");
    assertThat(line.getText()).startsWith("Operating threshold: estimated false match rate 1e-3.");
    assertThat(line.getAttribute("role")).isEqualTo("separator");
    @SuppressWarnings("unchecked")
    List<String> order = (List<String>) chrome.js("return [...document.getElementById("
        + "'candidates').children].map(e => e.id === 'threshold-line' ? 'line'"
        + " : e.classList.contains('weak') ? 'weak' : 'strong');");
    int lineAt = order.indexOf("line");
    assertThat(order.subList(0, lineAt)).isNotEmpty().containsOnly("strong");
    assertThat(order.subList(lineAt + 1, order.size())).isNotEmpty().containsOnly("weak");
    assertThat(chrome.find("probe-info").getText()).startsWith(faces.size()
        + " face(s) in the probe; the green box was searched.");
    chrome.js("arguments[0].scrollIntoView({block: 'center'})", line);
    chrome.shot("desk-2-results-threshold-line");
    checkAccessibility("search results");
    // One detection of the probe (to pick the face) and one search; nothing posted after it.
    JsonNode probeEntries = server.get("/v1/audit?limit=1000", keys.get("audrey")).json()
        .get("entries");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(group));
    int detections = 0;
    for (JsonNode e : probeEntries) {
      if (e.get("object").asText().equals("media:" + sha)) {
        detections++;
      }
    }
    assertThat(detections).isEqualTo(1);

    // 3. Side by side: probe and candidate with landmarks, the figures, provenance; she confirms.
    first.findElement(By.className("compare-link")).click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compare-candidate")));
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compare-probe")));
    assertThat(chrome.find("compare-probe").getAttribute("aria-label"))
        .contains("with its five landmarks marked");
    assertThat(chrome.find("compare-candidate").getAttribute("aria-label"))
        .isEqualTo("candidate #1, with its five landmarks marked");
    String facts = chrome.find("compare-facts").getText();
    assertThat(facts).contains("Similarity 0.").contains("Estimated false match rate")
        .contains("Subject Anna Example (ref anna-7)").contains("Collection archive")
        .contains("Lawful basis consent, consent form anna-7").contains("Quality ")
        .contains("Source upload:");
    chrome.shot("desk-3-compare");
    checkAccessibility("compare");
    chrome.find("compare-decide").findElement(By.className("note"))
        .sendKeys("same face shape, eyes and hairline");
    chrome.find("compare-decide").findElement(By.className("confirm")).click();
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compare-facts"),
        "awaiting second confirmation"));
    signOut();

    // 4. Bob opens the case: blind to alice's decision, he compares and confirms.
    signIn("bob");
    go("#case/CASE-DESK-1");
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case-view")));
    WebElement row = chrome.driver.findElement(By.cssSelector(
        ".case-search[data-search='" + searchId + "'] tr.case-candidate[data-face='" + faceId
            + "']"));
    assertThat(row.getText()).contains("Anna Example").contains("shown once you decide")
        .doesNotContain("alice");
    assertThat(chrome.find("case-entries").getText()).contains("search.run")
        .doesNotContain("review.confirmed");
    chrome.shot("desk-4-case-blind");
    checkAccessibility("case (blind)");
    row.findElement(By.linkText("Compare")).click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compare-probe")));
    assertThat(chrome.find("compare-probe-info").getText()).startsWith("probe (kept sealed");
    assertThat(chrome.find("compare-facts").getText()).contains("Blind review");
    chrome.find("compare-decide").findElement(By.className("note")).sendKeys("agree: same person");
    chrome.find("compare-decide").findElement(By.className("confirm")).click();
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compare-facts"),
        "identified"));
    chrome.shot("desk-5-compare-second-confirmation");

    // 5. The case view: both decisions, and the audit entries that record them.
    go("#case/CASE-DESK-1");
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("case-searches"), "identified"));
    String decided = chrome.find("case-searches").getText();
    assertThat(decided).contains("alice confirmed at").contains("“same face shape, eyes and hairline”")
        .contains("bob confirmed at").contains("“agree: same person”");
    List<String> actions = new ArrayList<>();
    chrome.driver.findElements(By.cssSelector("#case-entries td.action"))
        .forEach(td -> actions.add(td.getText()));
    assertThat(actions).contains("search.run", "review.confirmed", "candidate.identified",
        "policy.allow");
    assertThat(chrome.find("case-notice").getText())
        .startsWith("The candidates in this report are investigative leads, not identifications.");
    chrome.shot("desk-6-case-identified");
    checkAccessibility("case");

    // 6. The PDF report, read back with PDFBox.
    chrome.find("case-export").click();
    waitForMessage("Report exported as candor-case-CASE-DESK-1.pdf");
    byte[] pdf = chrome.download("case-report-link");
    Files.write(Chromium.SHOTS.resolve("desk-case-report.pdf"), pdf);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int pages = doc.getNumberOfPages();
      assertThat(pages).isGreaterThanOrEqualTo(2);
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
      assertThat(text).contains("Case report: CASE-DESK-1")
          .contains("Candidates are investigative leads, not identifications.")
          .contains("Search " + searchId)
          .contains("Subject Anna Example (ref anna-7)")
          .contains("State: identified")
          .contains("alice confirmed at").contains("bob confirmed at")
          .contains("candidate.identified")
          .contains("None: no checkpoint of the audit chain has been signed yet.")
          .contains("page " + pages + " of " + pages);
      for (int i = 0; i < Math.min(pages, 2); i++) {
        BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(i, 80);
        ImageIO.write(page, "png", Chromium.SHOTS.resolve("desk-7-report-page-" + (i + 1)
            + ".png").toFile());
      }
    }
    signOut();
  }

  @Test
  void a_pasted_photo_becomes_the_probe_and_a_wrong_file_is_refused() throws Exception {
    signIn("alice");
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-search")));
    chrome.drop(file("notes.txt", "not a photo".getBytes(StandardCharsets.UTF_8)), "probe-drop");
    waitForMessage("notes.txt is not an image");
    chrome.paste(file("pasted.jpg", Photos.crop(Photos.PERSON_A, 1.0, false, 0.85, 1.15, 71)));
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("probe-status"),
        "One face found: it is the one searched."));
    assertThat(chrome.js("return document.getElementById('search-photo').files[0].name"))
        .isEqualTo("pasted.jpg");
    assertThat(chrome.driver.findElement(By.id("probe-faces")).isDisplayed()).isFalse();
    chrome.find("search-case").sendKeys("CASE-PASTE-1");
    chrome.find("search-submit").click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#candidates .card")));
    assertThat(chrome.driver.findElements(By.cssSelector("#candidates .card")).getFirst()
        .findElement(By.className("name")).getText()).isEqualTo("Anna Example");
    signOut();
  }

  @Test
  void an_auditor_filters_the_log_exports_it_and_reads_the_charts() throws Exception {
    byte[] probe = Photos.crop(Photos.PERSON_A, 1.0, false, 0.9, 1.1, 61);
    for (String collection : List.of("archive", "watch")) {
      assertThat(server.postMultipart("/v1/search", keys.get("sue"), Map.of("purpose",
          "missing-person", "case", "CASE-AUD-1", "collections", collection),
          List.of(Map.entry("photo", probe))).status()).isEqualTo(200);
    }
    signIn("audrey");
    go("#audit");
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#audit-table tr.entry")));
    chrome.find("audit-case").sendKeys("CASE-AUD-1");
    chrome.find("audit-actor").sendKeys("sue");
    chrome.find("audit-apply").click();
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-range"),
        "2 matching entries"));
    List<WebElement> rows = chrome.driver.findElements(By.cssSelector("#audit-table tr.entry"));
    assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.getText()).contains("CASE-AUD-1")
        .contains("sue (key").contains("search.run"));
    chrome.shot("auditor-1-filtered");
    checkAccessibility("audit");

    chrome.find("audit-export-csv").click();
    waitForMessage("Exported candor-audit-");
    String csv = new String(chrome.download("audit-export-link"), StandardCharsets.UTF_8);
    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).isEqualTo("sequence,time,actor,action,object,details,prev_hash,hash");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).contains(",search.run,search:").contains("CASE-AUD-1");
    chrome.find("audit-export-json").click();
    chrome.wait.until(ExpectedConditions.attributeContains(By.id("audit-export-link"),
        "download", ".json"));
    JsonNode json = JSON.readTree(chrome.download("audit-export-link"));
    assertThat(json.get("entries")).hasSize(2);
    assertThat(json.get("capped").asBoolean()).isFalse();

    go("#transparency");
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#chart-purposes svg rect.bar")));
    // One bar per purpose searched this month (the other tests' searches may be there too).
    assertThat(chrome.driver.findElements(By.cssSelector("#chart-purposes rect.bar")))
        .extracting(bar -> bar.getAttribute("data-series")).contains("missing-person")
        .doesNotHaveDuplicates();
    assertThat(chrome.find("chart-reviews").getText())
        .contains("Confirmations and rejections per month");
    assertThat(chrome.find("chart-erasures").getText()).contains("Erasures per month");
    chrome.shot("auditor-2-transparency-charts");
    checkAccessibility("transparency");
    signOut();

    // An auditor granted the archive only finds the archive's search of the case, not the other.
    signIn("arne");
    go("#audit");
    chrome.find("audit-case").sendKeys("CASE-AUD-1");
    chrome.find("audit-apply").click();
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-range"),
        "1 matching entry"));
    assertThat(chrome.find("audit-table").getText()).contains("archive")
        .doesNotContain("\"watch\"");
    signOut();
  }

  @Test
  void an_enroller_and_an_admin_erase_through_a_confirmation_and_get_receipts() throws Exception {
    String dora = enrol("archive", "dora-1", "Dora Example", Photos.PERSON_B, 21);
    String emil = enrol("watch", "emil-1", "Emil Example", Photos.PERSON_C, 23);
    signIn("erin");
    go("#subjects");
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subjects-table"),
        "Dora Example"));
    chrome.driver.findElement(By.cssSelector("a.erase-link[href='#erase/" + dora + "']")).click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-confirm")));
    assertThat(chrome.find("erase-what").getText()).startsWith("Dora Example (ref dora-1,"
        + " collection archive, 2 face(s)");
    chrome.find("erase-token").sendKeys("dora");
    assertThat(chrome.find("erase-do").isEnabled()).isFalse();
    chrome.find("erase-token").sendKeys("-1");
    assertThat(chrome.find("erase-do").isEnabled()).isTrue();
    chrome.shot("erase-1-confirm");
    checkAccessibility("erasure (confirm)");
    chrome.find("erase-do").click();
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-receipt")));
    String receipt = chrome.find("erase-receipt").getText();
    assertThat(receipt).contains("Subjects erased 1").contains("Faces erased 2")
        .containsPattern("Audit entry #\\d+");
    chrome.shot("erase-2-receipt");
    assertThat(server.get("/v1/subjects/" + dora, keys.get("erin")).status()).isEqualTo(404);
    signOut();

    // The admin may erase but not read subjects: the confirmation asks for the id itself.
    signIn("admin");
    go("#erase/" + emil);
    chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-confirm")));
    assertThat(chrome.find("erase-what").getText()).contains("Your role cannot read subjects");
    chrome.find("erase-token").sendKeys(emil);
    chrome.find("erase-do").click();
    chrome.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("erase-receipt"),
        "Faces erased 2"));
    signOut();
  }

  @Test
  void each_role_sees_only_its_pages_and_no_page_has_a_serious_accessibility_violation()
      throws Exception {
    chrome.driver.get(server.base() + "/");
    chrome.find("signin-key");
    // Before sign-in: no navigation, no empty probe box, no results.
    assertThat(chrome.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    assertThat(chrome.driver.findElement(By.id("probe-preview")).isDisplayed()).isFalse();
    assertThat(chrome.driver.findElement(By.id("search-result")).isDisplayed()).isFalse();
    assertThat(chrome.js("return document.activeElement.tagName")).isEqualTo("H1");
    checkAccessibility("sign-in");

    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("admin", List.of("Erasure", "Audit", "Transparency", "API"));
    expected.put("erin", List.of("Subjects", "Erasure", "Transparency", "API"));
    expected.put("alice", List.of("Search", "Queue", "Review", "Cases", "Transparency", "API"));
    expected.put("sue", List.of("Search", "Queue", "Review", "Cases", "Audit", "Transparency",
        "API"));
    expected.put("audrey", List.of("Review", "Cases", "Audit", "Transparency", "API"));
    for (Map.Entry<String, List<String>> role : expected.entrySet()) {
      signIn(role.getKey());
      List<String> shown = new ArrayList<>();
      for (WebElement a : chrome.driver.findElements(By.cssSelector("#nav a"))) {
        if (a.isDisplayed()) {
          shown.add(a.getText());
        }
      }
      assertThat(shown).as(role.getKey()).containsExactlyElementsOf(role.getValue());
      for (WebElement a : chrome.driver.findElements(By.cssSelector("#nav a[data-page]"))) {
        if (a.isDisplayed() == false) {
          continue;
        }
        String page = a.getAttribute("data-page");
        go("#" + page);
        chrome.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-" + page)));
        assertThat(chrome.js("return document.activeElement.closest('section').id"))
            .isEqualTo("page-" + page);
        checkAccessibility(page + " as " + role.getKey());
      }
      // A page the role cannot use is refused, with a message, for its home page.
      if (role.getValue().contains("Audit") == false) {
        go("#audit");
        waitForMessage("cannot use that page");
        assertThat(chrome.driver.findElement(By.id("page-audit")).isDisplayed()).isFalse();
      }
      signOut();
    }
  }
}
