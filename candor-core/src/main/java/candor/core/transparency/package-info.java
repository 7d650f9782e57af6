/**
 * The transparency report: monthly aggregate counts of searches by purpose, denials, reviews,
 * identifications and erasures, computed from the audit log. No personal data: no actor, case,
 * subject or face appears in it.
 */
package candor.core.transparency;
