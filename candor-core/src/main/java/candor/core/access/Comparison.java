package candor.core.access;

import candor.core.gallery.FalseMatchEstimate;
import candor.vision.BoundingBox;

/**
 * The 1:1 comparison of the largest face in each of two photos.
 *
 * @param similarity the cosine similarity of the two templates, in [-1, 1]
 * @param fmr the estimated false match rate at that similarity, or {@code null} without a
 *     calibration table for the model
 * @param modelId the template model
 * @param boxA the face compared in the first photo, in its pixels
 * @param boxB the face compared in the second photo
 */
public record Comparison(
    float similarity, FalseMatchEstimate fmr, String modelId, BoundingBox boxA,
    BoundingBox boxB) {}
