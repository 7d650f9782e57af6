/**
 * PDF renderings of what Candor hands over: a case's report ({@link
 * candor.app.pdf.CaseReportPdf}), whose content the core assembles ({@link
 * candor.core.review.CaseReport}); this package only lays it out, with Apache PDFBox.
 *
 * <p>Privacy: a rendered report holds face images; it is written to memory for the caller and
 * kept nowhere else.
 */
package candor.app.pdf;
