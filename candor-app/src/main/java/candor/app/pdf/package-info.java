/**
 * PDF renderings of what Candor hands to people: the access report of a person's request about
 * their own faces ({@link candor.app.pdf.AccessReportPdf}). The content is assembled in the core
 * ({@link candor.core.rights.AccessReport}); this package only lays it out, with Apache PDFBox.
 *
 * <p>Privacy: a rendered report holds the requester's face crops; it is written where the
 * caller says and kept nowhere else.
 */
package candor.app.pdf;
