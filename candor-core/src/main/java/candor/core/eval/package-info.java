/**
 * Accuracy measured by the product itself: the LFW-style verification protocol (10-fold accuracy,
 * TAR at fixed FAR, ROC AUC, error rates per labelled group at one threshold) and closed- and
 * open-set identification. Group labels come from the evaluation data set's own label files,
 * never from inference on a face.
 */
package candor.core.eval;
