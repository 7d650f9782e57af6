/**
 * PDF renderings of what Candor hands over: a case's report ({@link
 * candor.app.pdf.CaseReportPdf}) and the access report of a person's request about their own
 * faces ({@link candor.app.pdf.AccessReportPdf}). The content is assembled in the core ({@link
 * candor.core.review.CaseReport}, {@link candor.core.rights.AccessReport}); this package only
 * lays it out, with Apache PDFBox.
 *
 * <p>Privacy: a rendered report holds face images; it is written where the caller says (or to
 * memory for an HTTP response) and kept nowhere else.
 */
package candor.app.pdf;
