/**
 * What the reviewers of a search see and what waits for them: the {@link
 * candor.core.review.ReviewSheet} of a search (the probe's face beside each candidate, with its
 * similarity, estimated false match rate, weakness, source, lawful basis and quality), blind to
 * other users' decisions on a candidate until the reader has decided on it; and the review queue
 * ({@link candor.core.review.QueueEntry}). Recording a decision stays with {@link
 * candor.core.policy.Reviews}, which owns the two-person and weak-candidate rules.
 *
 * <p>Privacy: a sheet names subjects and sources and points at the probe's face; the probe face
 * itself is read only through {@link candor.core.review.ReviewDesk#probe}, which the caller
 * checks and audits for each read.
 */
package candor.core.review;
