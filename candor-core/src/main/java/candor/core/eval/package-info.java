/**
 * Accuracy measured by the product itself: the LFW-style verification protocol (10-fold accuracy,
 * TAR at fixed FAR, ROC AUC, error rates per labelled group at one threshold), closed- and
 * open-set identification, and demographic differentials (NIST IR 8280, ISO/IEC 19795-10): false
 * match and false non-match rates with confidence intervals for every pair within each labelled
 * group, the worst-group threshold policy, and the per-pack record the model card and transparency
 * report publish. Group labels come from the evaluation data set's own label files, never from
 * inference on a face.
 */
package candor.core.eval;
