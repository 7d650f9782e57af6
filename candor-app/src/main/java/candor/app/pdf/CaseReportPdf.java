package candor.app.pdf;

import candor.core.access.PublicIds;
import candor.core.audit.AuditEntry;
import candor.core.audit.CheckpointReceipt;
import candor.core.policy.Approval;
import candor.core.policy.Review;
import candor.core.policy.SearchRecord;
import candor.core.review.CandidateSheet;
import candor.core.review.CaseFile;
import candor.core.review.CaseReport;
import candor.core.review.ReviewSheet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Lays a {@link CaseReport} out as an A4 PDF: the standing statement that candidates are leads;
 * each search with its probe face, its candidates (crop, similarity, estimated false match rate,
 * weakness, subject, source, lawful basis, quality, state) and who decided what, when and why;
 * the approvals; the audit entries that record the case, by sequence number and hash; and the
 * latest signed checkpoint of the audit chain, or a sentence saying there is none. Every page's
 * footer repeats the case, the page number and the statement's gist.
 *
 * <p>Text uses the standard Helvetica fonts, which cover Latin-1 (WinAnsi); any other character
 * is printed as {@code ?} rather than failing the report. Face ids are the public ids.
 *
 * <p>Privacy: the PDF holds the face images the report holds (probes and candidates); it is
 * written to memory and handed to the caller, never kept.
 *
 * <p>Stateless and thread-safe.
 */
public final class CaseReportPdf {

  private static final float MARGIN = 50;
  private static final float FOOTER = 30;
  private static final float FACE = 92;
  private static final float GAP = 10;
  private static final float SIZE = 9.5f;
  private static final float SMALL = 7.5f;
  private static final int DETAILS_SHOWN = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  private CaseReportPdf() {}

  /**
   * Renders the report.
   *
   * @param report the report's content
   * @param ids the codec that shows faces by their public ids
   * @return the PDF's bytes
   * @throws UncheckedIOException if PDFBox cannot write it (it writes to memory only)
   */
  public static byte[] render(CaseReport report, PublicIds ids) {
    try (PDDocument doc = new PDDocument()) {
      CaseFile file = report.file();
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("Candor case report " + file.caseRef());
      info.setSubject("Searches, candidates, reviews and audit entries of case " + file.caseRef());
      info.setCreator("Candor");
      Layout out = new Layout(doc);
      out.title("Case report: " + file.caseRef());
      out.line("Prepared by " + report.preparedBy() + " at " + time(report.preparedAt())
          + "; audit entry #" + report.auditSequence() + " records this export.", out.regular,
          SIZE);
      out.line(file.searches().size() + " search(es), " + candidates(file) + " candidate(s), "
          + identified(file) + " identified by two reviewers, " + file.approvals().size()
          + " approval(s), " + file.entries().size() + " audit entries"
          + (file.entriesCapped() ? " (capped: the log has more)" : "") + ".", out.regular, SIZE);
      out.space(6);
      out.boxed("Candidates are investigative leads, not identifications.",
          CaseReport.STATEMENT);
      for (ReviewSheet sheet : file.searches()) {
        search(out, sheet, file, report, ids);
      }
      approvals(out, file.approvals());
      entries(out, file);
      checkpoint(out, report);
      out.finish(file.caseRef());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      doc.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the case report's PDF", e);
    }
  }

  private static void search(Layout out, ReviewSheet sheet, CaseFile file, CaseReport report,
      PublicIds ids) throws IOException {
    SearchRecord s = sheet.search();
    JsonNode details = details(file, s.auditSequence());
    out.heading("Search " + s.searchId());
    List<String> about = new ArrayList<>();
    about.add("Run by " + s.actor() + " at " + time(s.at()) + " (audit entry #"
        + s.auditSequence() + ") for purpose " + s.purpose() + " in "
        + String.join(", ", s.collections()) + ".");
    if (details != null) {
      about.add("Probe SHA-256 " + details.path("probe_sha256").asText("unknown") + "; "
          + details.path("faces_in_probe").asText("?") + " face(s) in the probe"
          + (details.has("probe_face_at") ? ", the face at " + details.path("probe_face_at")
              .asText() + " searched" : ", the largest searched") + "; model "
          + details.path("model_id").asText("unknown") + "; k " + details.path("k").asText("?")
          + ", by " + details.path("by").asText("subject") + ".");
    }
    about.add(probeLine(sheet, report));
    about.add("Weak candidates: estimated false match rate above "
        + String.format(Locale.ROOT, "%.0e", sheet.reviewThreshold())
        + " or not calibrated (confirming one needs a reason of at least "
        + sheet.weakReasonMin() + " characters).");
    out.figure(report.probes().get(s.searchId()), "probe", about);
    if (sheet.candidates().isEmpty()) {
      out.line("No candidates.", out.regular, SIZE);
    }
    for (CandidateSheet c : sheet.candidates()) {
      out.figure(report.crops().get(c.faceId()), c.erased() ? "erased" : c.hasCrop()
          ? "not readable with this key's role" : "no crop kept", candidate(c, ids));
    }
  }

  private static String probeLine(ReviewSheet sheet, CaseReport report) {
    if (report.probes().containsKey(sheet.search().searchId())) {
      return "Probe: the searched face, kept sealed for the reviewers until "
          + time(sheet.probeKeptUntil()) + " at the latest.";
    }
    if (sheet.probeDeletedAt() != null) {
      return "Probe: the searched face was deleted at " + time(sheet.probeDeletedAt()) + " ("
          + sheet.probeDeletedReason() + "); its SHA-256 above identifies the photo.";
    }
    return "Probe: no face of the probe was kept for this search.";
  }

  private static List<String> candidate(CandidateSheet c, PublicIds ids) {
    List<String> lines = new ArrayList<>();
    String figures = "Candidate #" + c.rank() + (c.weak() ? " (WEAK)" : "") + ": similarity "
        + (c.score() == null ? "not recorded" : String.format(Locale.ROOT, "%.3f", c.score()))
        + ", estimated false match rate " + (c.fmr() == null ? "not calibrated" : c.fmr());
    lines.add(figures);
    lines.add("Face " + ids.face(c.faceId()));
    if (c.erased()) {
      lines.add("Erased since the search: nothing more is known of it.");
    } else {
      lines.add(c.subject() == null ? "Unidentified face" : "Subject " + c.subject()
          .displayName() + " (ref " + c.subject().externalRef() + ")");
      lines.add("Collection " + c.collection() + "; source " + (c.source() == null ? "unknown"
          : c.source()));
      lines.add("Lawful basis: " + (c.basis() == null ? "unknown" : c.basis().kind().name()
          .toLowerCase(Locale.ROOT) + ", " + c.basis().reference()
          + (c.basisFromCollection() ? " (the collection's default)" : "")));
      lines.add("Quality " + (c.quality() == null ? "unknown" : String.format(Locale.ROOT,
          "%.2f", c.quality().score()) + (c.quality().reasons().isEmpty() ? " (no flags)"
          : " (" + String.join(", ", c.quality().reasons()) + ")")));
    }
    if (c.blind()) {
      lines.add("Decisions: not shown to this reader, who has yet to decide (blind review).");
    } else {
      lines.add("State: " + c.state().label().replace('-', ' '));
      for (Review r : c.reviews()) {
        lines.add(r.reviewer() + " " + r.verdict().label() + " at " + time(r.at()) + ": \""
            + r.note() + "\"");
      }
      if (c.reviews().isEmpty()) {
        lines.add("No decision yet.");
      }
    }
    return lines;
  }

  private static void approvals(Layout out, List<Approval> approvals) throws IOException {
    out.heading("Approvals");
    if (approvals.isEmpty()) {
      out.line("No supervisor's approval was recorded for this case (a search of one collection"
          + " needs none).", out.regular, SIZE);
    }
    for (Approval a : approvals) {
      out.line("Approval " + a.id() + " by " + a.approvedBy() + " at " + time(a.created())
          + " for " + a.purpose().id() + " in " + a.scope() + (a.investigator().isPresent()
          ? ", for " + a.investigator().get() : ", for any investigator") + ", until "
          + time(a.expires()) + ": \"" + a.note() + "\"", out.regular, SIZE);
    }
  }

  private static void entries(Layout out, CaseFile file) throws IOException {
    out.heading("Audit entries");
    out.line("Each entry is hash-chained to the one before it: the sequence number and hash"
        + " below find it in the audit log (GET /v1/audit, candor audit verify).", out.regular,
        SIZE);
    for (AuditEntry e : file.entries()) {
      out.line("#" + e.sequence() + "  " + time(e.time()) + "  " + e.actor() + "  " + e.action()
          + "  " + e.object() + "  hash " + e.hash().substring(0, 16) + "...", out.bold, SMALL);
      String details = e.detailsJson();
      out.line(details.length() > DETAILS_SHOWN ? details.substring(0, DETAILS_SHOWN) + "..."
          : details, out.regular, SMALL);
    }
    if (file.entriesCapped()) {
      out.line("The case has more entries than a report lists; the audit log holds them all.",
          out.regular, SIZE);
    }
  }

  private static void checkpoint(Layout out, CaseReport report) throws IOException {
    out.heading("Latest signed checkpoint of the audit chain");
    if (report.checkpoint().isEmpty()) {
      out.line("None: no checkpoint of the audit chain has been signed yet. The entries above can"
          + " be checked against the hash chain (candor audit verify) but not yet against a"
          + " signed receipt kept outside Candor.", out.regular, SIZE);
      return;
    }
    CheckpointReceipt r = report.checkpoint().get();
    out.line("Signed at " + time(r.time()) + " over the chain up to entry #" + r.sequence()
        + (r.sequence() < report.auditSequence() ? " (this report's entries after it are not yet"
            + " covered by a checkpoint)" : "") + ".", out.regular, SIZE);
    out.line("Head hash " + r.headHash(), out.regular, SMALL);
    out.line("Key id " + r.keyId(), out.regular, SMALL);
    out.line("Signature " + r.signature(), out.regular, SMALL);
  }

  private static JsonNode details(CaseFile file, long sequence) {
    for (AuditEntry e : file.entries()) {
      if (e.sequence() == sequence) {
        try {
          return JSON.readTree(e.detailsJson());
        } catch (IOException ex) {
          return null;
        }
      }
    }
    return null;
  }

  private static long candidates(CaseFile file) {
    return file.searches().stream().mapToLong(s -> s.candidates().size()).sum();
  }

  private static long identified(CaseFile file) {
    return file.searches().stream().flatMap(s -> s.candidates().stream())
        .filter(c -> c.state() != null && c.state().label().equals("identified")).count();
  }

  private static String time(Instant t) {
    return t == null ? "unknown" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
  }

  /**
   * The page being written: a cursor moving down, new pages as it reaches the footer, text
   * wrapped to the width and reduced to what the standard fonts can print.
   */
  private static final class Layout {

    private final PDDocument doc;
    private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Character, Character> printable = new HashMap<>();
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private PDPageContentStream stream;
    private float y;

    Layout(PDDocument doc) throws IOException {
      this.doc = doc;
      newPage();
    }

    void newPage() throws IOException {
      if (stream != null) {
        stream.close();
      }
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      stream = new PDPageContentStream(doc, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    void ensure(float height) throws IOException {
      if (y - height < MARGIN + FOOTER) {
        newPage();
      }
    }

    void space(float points) {
      y -= points;
    }

    void title(String text) throws IOException {
      line(text, bold, 16);
      space(4);
    }

    void heading(String text) throws IOException {
      ensure(60); // a heading never ends a page
      space(8);
      line(text, bold, 12);
      space(2);
    }

    void line(String text, PDFont font, float size) throws IOException {
      for (String part : wrap(text, font, size, width)) {
        ensure(size * 1.35f);
        write(part, font, size, MARGIN, y - size);
        y -= size * 1.35f;
      }
    }

    /** A framed paragraph with a bold first line. */
    void boxed(String head, String body) throws IOException {
      List<String> lines = wrap(body, regular, SIZE, width - 16);
      float height = 14 + lines.size() * SIZE * 1.35f + 14;
      ensure(height);
      stream.setLineWidth(1);
      stream.addRect(MARGIN, y - height, width, height);
      stream.stroke();
      float top = y - 6;
      write(head, bold, 11, MARGIN + 8, top - 11);
      top -= 16;
      for (String part : lines) {
        write(part, regular, SIZE, MARGIN + 8, top - SIZE);
        top -= SIZE * 1.35f;
      }
      y -= height + 6;
    }

    /** An image (or a framed note where there is none) with lines of text beside it. */
    void figure(byte[] jpeg, String missing, List<String> text) throws IOException {
      float column = width - FACE - GAP;
      List<String> lines = new ArrayList<>();
      List<Boolean> first = new ArrayList<>();
      for (int i = 0; i < text.size(); i++) {
        for (String part : wrap(text.get(i), i == 0 ? bold : regular, SIZE, column)) {
          lines.add(part);
          first.add(i == 0);
        }
      }
      float height = Math.max(FACE, lines.size() * SIZE * 1.35f) + 8;
      ensure(height);
      float top = y;
      if (jpeg != null) {
        PDImageXObject image = JPEGFactory.createFromByteArray(doc, jpeg);
        float scale = Math.min(FACE / image.getWidth(), FACE / image.getHeight());
        stream.drawImage(image, MARGIN, top - image.getHeight() * scale,
            image.getWidth() * scale, image.getHeight() * scale);
      } else {
        stream.setLineWidth(0.5f);
        stream.addRect(MARGIN, top - FACE, FACE, FACE);
        stream.stroke();
        float noteY = top - 14;
        for (String part : wrap("No image: " + missing, regular, SMALL, FACE - 8)) {
          write(part, regular, SMALL, MARGIN + 4, noteY);
          noteY -= SMALL * 1.3f;
        }
      }
      float lineY = top;
      for (int i = 0; i < lines.size(); i++) {
        write(lines.get(i), first.get(i) ? bold : regular, SIZE, MARGIN + FACE + GAP,
            lineY - SIZE);
        lineY -= SIZE * 1.35f;
      }
      y -= height;
    }

    /** Closes the last page and writes every page's footer. */
    void finish(String caseRef) throws IOException {
      stream.close();
      int pages = doc.getNumberOfPages();
      for (int i = 0; i < pages; i++) {
        try (PDPageContentStream footer = new PDPageContentStream(doc, doc.getPage(i),
            PDPageContentStream.AppendMode.APPEND, true, true)) {
          stream = footer;
          write("Candor case report " + caseRef + "  -  page " + (i + 1) + " of " + pages
              + "  -  candidates are investigative leads, not identifications", regular, SMALL,
              MARGIN, MARGIN - 10);
        }
      }
    }

    private void write(String text, PDFont font, float size, float x, float baseline)
        throws IOException {
      stream.beginText();
      stream.setFont(font, size);
      stream.newLineAtOffset(x, baseline);
      stream.showText(printable(text, font));
      stream.endText();
    }

    /** Splits text into lines no wider than {@code max}; a word too long is cut. */
    private List<String> wrap(String text, PDFont font, float size, float max)
        throws IOException {
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : printable(text, font).split(" ")) {
        String candidate = line.isEmpty() ? word : line + " " + word;
        if (width(candidate, font, size) <= max) {
          line.setLength(0);
          line.append(candidate);
          continue;
        }
        if (line.isEmpty() == false) {
          lines.add(line.toString());
          line.setLength(0);
        }
        String rest = word;
        while (width(rest, font, size) > max) {
          int cut = rest.length() - 1;
          while (cut > 1 && width(rest.substring(0, cut), font, size) > max) {
            cut--;
          }
          lines.add(rest.substring(0, cut));
          rest = rest.substring(cut);
        }
        line.append(rest);
      }
      if (line.isEmpty() == false || lines.isEmpty()) {
        lines.add(line.toString());
      }
      return lines;
    }

    private static float width(String text, PDFont font, float size) throws IOException {
      return font.getStringWidth(text) / 1000 * size;
    }

    /** The text with controls as spaces and what WinAnsi cannot encode as {@code ?}. */
    private String printable(String text, PDFont font) {
      StringBuilder out = new StringBuilder(text.length());
      for (char ch : text.toCharArray()) {
        out.append(printable.computeIfAbsent(ch, c -> {
          if (Character.isISOControl(c)) {
            return ' ';
          }
          try {
            font.encode(String.valueOf(c));
            return c;
          } catch (IOException | IllegalArgumentException e) {
            return '?';
          }
        }));
      }
      return out.toString();
    }
  }
}
