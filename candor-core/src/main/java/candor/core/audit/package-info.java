/**
 * The append-only, hash-chained audit log: who did what to which object, when and why, each
 * entry's hash covering the previous one, so that an edited, deleted or reordered entry is found
 * by {@link candor.core.audit.AuditLog#verify()}; and its anchor outside the database: checkpoints
 * of the chain head signed with an Ed25519 key the database never holds ({@link
 * candor.core.audit.AuditCheckpoints}), kept by oversight bodies as receipts ({@link
 * candor.core.audit.CheckpointReceipt}), against which {@link candor.core.audit.ReceiptVerifier}
 * proves the log was not truncated, rewritten, emptied or rolled back.
 *
 * <p>Privacy: the audit records that face data was stored, searched or erased, never the data
 * itself; {@link candor.core.audit.AuditEvent} refuses binary and vector values.
 */
package candor.core.audit;
