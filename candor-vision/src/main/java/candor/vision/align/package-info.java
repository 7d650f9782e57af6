/**
 * Geometry of faces: the least-squares similarity transform (Umeyama) onto the ArcFace 112x112
 * template, the bilinear affine warp that cuts crops, and pose estimation from landmarks.
 */
package candor.vision.align;
