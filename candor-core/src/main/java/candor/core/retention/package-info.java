/**
 * Retention: the {@link candor.core.retention.RetentionSweeper} erases subjects and photos whose
 * retain-until date has passed, through the gallery's erasure path, and the public {@link
 * candor.core.retention.RetentionSchedule} says how long each collection keeps faces and why.
 *
 * <p>Privacy: the sweeper erases personal and biometric data; the schedule names no person.
 */
package candor.core.retention;
