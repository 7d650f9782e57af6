package candor.app.pdf;

import candor.core.access.PublicIds;
import candor.core.rights.AccessReport;
import candor.core.rights.RequestReceipt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Lays an {@link AccessReport} out as an A4 PDF: the request (received, due, identity checked,
 * the threshold and what it means), then each confirmed face with its crop and what the operator
 * holds about it, then the erasure receipts.
 *
 * <p>Text uses the standard Helvetica fonts, which cover Latin-1 (WinAnsi); any other character
 * is printed as {@code ?} rather than failing the report.
 *
 * <p>Stateless and thread-safe.
 */
public final class AccessReportPdf {

  private static final float MARGIN = 50;
  private static final float CROP = 96;
  private static final float LEADING = 13;
  private static final float SIZE = 9.5f;

  private AccessReportPdf() {}

  /**
   * Renders the report.
   *
   * <p>Privacy: the PDF holds the requester's face crops.
   *
   * @param report the report
   * @param ids the deployment's public face ids, which name the faces
   * @return the PDF's bytes
   * @throws UncheckedIOException if PDFBox cannot write it (it writes to memory only)
   */
  public static byte[] render(AccessReport report, PublicIds ids) {
    try (PDDocument doc = new PDDocument()) {
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("Access report for request " + report.requestId());
      info.setCreator("Candor");
      Writer w = new Writer(doc);
      w.heading("Access report");
      w.line("Request " + report.requestId() + " (" + report.kind().id() + "), your reference "
          + report.requesterRef());
      w.line("Received " + report.received() + "; due " + report.due() + "; identity checked "
          + report.identityChecked() + (report.answered() == null ? ""
              : "; answered " + report.answered()));
      w.line("Report made " + report.generated());
      w.gap();
      w.paragraph(String.format(Locale.ROOT, "We searched all %d of our collections with your"
          + " photo, using face model %s. A face counted as a match when its similarity to"
          + " your photo reached %.3f, a level a stranger's face reaches about %.0e of the"
          + " time. %d faces reached it; two of our reviewers confirmed %d of them as yours.",
          report.collectionsSearched(), report.modelId(), report.threshold(), report.maxFmr(),
          report.matchesFound(), report.matchesConfirmed()));
      w.paragraph(report.notice());
      w.gap();
      if (report.faces().isEmpty()) {
        w.heading("We hold no face of yours");
      } else {
        w.heading("Your faces (" + report.faces().size() + ")");
        for (AccessReport.ReportedFace f : report.faces()) {
          w.face(f, ids.face(f.faceId()));
        }
      }
      if (report.receipts().isEmpty() == false) {
        w.heading("Erased on your request");
        for (RequestReceipt r : report.receipts()) {
          w.paragraph("Erased " + r.what() + " on " + r.at() + ": " + r.facesErased()
              + " face(s), " + r.mediaErased() + " photo record(s), " + r.subjectsErased()
              + " subject record(s), " + r.filesDeleted() + " file(s); audit entry #"
              + r.auditSequence() + ".");
        }
      }
      w.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the access report as PDF", e);
    }
  }

  /** Writes lines down the pages, starting a new page when one is full. */
  private static final class Writer {
    private final PDDocument doc;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private PDPageContentStream page;
    private float y;

    Writer(PDDocument doc) throws IOException {
      this.doc = doc;
      newPage();
    }

    private void newPage() throws IOException {
      if (page != null) {
        page.close();
      }
      PDPage p = new PDPage(PDRectangle.A4);
      doc.addPage(p);
      page = new PDPageContentStream(doc, p);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private void room(float needed) throws IOException {
      if (y - needed < MARGIN) {
        newPage();
      }
    }

    void heading(String text) throws IOException {
      room(2 * LEADING);
      write(bold, 12, MARGIN, text);
      y -= 4;
    }

    void line(String text) throws IOException {
      for (String l : wrap(regular, SIZE, text, width)) {
        room(LEADING);
        write(regular, SIZE, MARGIN, l);
      }
    }

    void paragraph(String text) throws IOException {
      line(text);
      y -= 3;
    }

    void gap() {
      y -= LEADING / 2;
    }

    void face(AccessReport.ReportedFace f, String publicId) throws IOException {
      List<String> lines = new ArrayList<>();
      lines.add("Face " + publicId + ": " + f.status()
          + (f.outcomeReference() == null ? "" : " (kept under " + f.outcomeReference() + ")"));
      lines.add("Collection: " + f.collection() + (f.collectionPurpose() == null ? ""
          : " (" + f.collectionPurpose() + ")"));
      lines.add("Source: " + orUnknown(f.source()));
      lines.add("Lawful basis: " + orUnknown(f.basisKind()) + ", " + orUnknown(
          f.basisReference()));
      if (f.subjectRef() != null) {
        lines.add("Filed under: " + f.subjectName() + " (reference " + f.subjectRef() + ")");
      }
      lines.add("Enrolled: " + orUnknown(f.enrolled()) + " by " + orUnknown(f.enrolledBy()));
      lines.add("Kept until: " + (f.retainUntil() == null ? "not held any more"
          : f.retainUntil().toString()));
      lines.add(String.format(Locale.ROOT, "Similarity to your photo: %.3f%s", f.score(),
          f.fmr() == null ? "" : String.format(Locale.ROOT, " (a stranger scores as high %.1e of"
              + " the time)", f.fmr())));
      StringBuilder searches = new StringBuilder("Returned by searches: ");
      if (f.searches().isEmpty()) {
        searches.append("none");
      } else {
        for (int i = 0; i < f.searches().size(); i++) {
          AccessReport.SearchCount c = f.searches().get(i);
          searches.append(i == 0 ? "" : "; ").append(c.month()).append(' ').append(c.purpose())
              .append(" x").append(c.searches());
        }
      }
      lines.add(searches.toString());
      float textX = MARGIN + CROP + 12;
      float textWidth = width - CROP - 12;
      List<String> wrapped = new ArrayList<>();
      for (String l : lines) {
        wrapped.addAll(wrap(regular, SIZE, l, textWidth));
      }
      float height = Math.max(CROP, wrapped.size() * LEADING) + 10;
      room(height);
      float top = y;
      if (f.crop() != null) {
        PDImageXObject image = JPEGFactory.createFromByteArray(doc, f.crop());
        // fit the box, keeping the crop's proportions
        float scale = Math.min(CROP / image.getWidth(), CROP / image.getHeight());
        float w = image.getWidth() * scale;
        float h = image.getHeight() * scale;
        page.drawImage(image, MARGIN + (CROP - w) / 2, top - CROP + (CROP - h) / 2, w, h);
      } else {
        page.addRect(MARGIN, top - CROP, CROP, CROP);
        page.stroke();
      }
      for (String l : wrapped) {
        write(regular, SIZE, textX, l);
      }
      y = top - height;
    }

    private void write(PDType1Font font, float size, float x, String text) throws IOException {
      y -= LEADING;
      page.beginText();
      page.setFont(font, size);
      page.newLineAtOffset(x, y);
      page.showText(printable(font, text));
      page.endText();
    }

    void close() throws IOException {
      page.close();
    }

    private static String orUnknown(Object value) {
      return value == null ? "unknown" : value.toString();
    }
  }

  /** Replaces what the font cannot encode (outside WinAnsi) with {@code ?}. */
  static String printable(PDType1Font font, String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      String c = new String(Character.toChars(cp));
      try {
        font.encode(c);
        out.append(c);
      } catch (IOException | IllegalArgumentException e) {
        out.append('?');
      }
    });
    return out.toString();
  }

  private static List<String> wrap(PDType1Font font, float size, String text, float max)
      throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : printable(font, text).split(" ")) {
      String candidate = current.isEmpty() ? word : current + " " + word;
      if (font.getStringWidth(candidate) / 1000 * size > max && current.isEmpty() == false) {
        lines.add(current.toString());
        current = new StringBuilder(word);
      } else {
        current = new StringBuilder(candidate);
      }
    }
    lines.add(current.toString());
    return lines;
  }
}
