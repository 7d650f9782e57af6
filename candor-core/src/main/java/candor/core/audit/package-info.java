/**
 * The append-only, hash-chained audit log: who did what to which object, when and why, each
 * entry's hash covering the previous one, so that an edited, deleted or reordered entry is found
 * by {@link candor.core.audit.AuditLog#verify()}.
 *
 * <p>Privacy: the audit records that face data was stored, searched or erased, never the data
 * itself; {@link candor.core.audit.AuditEvent} refuses binary and vector values.
 */
package candor.core.audit;
