package candor.vision.quality;

import candor.vision.Landmarks;
import candor.vision.Pose;

/**
 * Estimates head pose from the five canonical points with a rigid average-face model, in units of
 * the distance between the eyes: eyes at (+-0.5, 0, 0), nose tip 0.55 forward of the eye plane,
 * mouth 1.2 below the eyes. Under yaw the nose tip shifts sideways by {@code 0.55 sin(yaw)} while
 * the eye distance shrinks by {@code cos(yaw)}, so {@code yaw = atan(offset / 0.55)} with the
 * offset measured in projected eye distances. Accurate to roughly ten degrees: enough for quality
 * gates and pose buckets, not for metrology. Stateless.
 */
public final class PoseEstimator {
  private static final double NOSE_DEPTH = 0.55;
  /** Where the nose tip sits between eye line (0) and mouth line (1) on a frontal face (ArcFace template). */
  private static final double FRONTAL_NOSE_HEIGHT = 0.49;
  /** Eye distance over eye-to-mouth height on a frontal face: 35.24 / 40.68 in the ArcFace template. */
  private static final double FRONTAL_EYE_TO_MOUTH = 0.866;

  private PoseEstimator() {}

  /** The pose of the face with these landmarks. */
  public static Pose estimate(Landmarks l) {
    double ex = l.x(1) - l.x(0);
    double ey = l.y(1) - l.y(0);
    double roll = Math.atan2(ey, ex);
    double cos = Math.cos(-roll);
    double sin = Math.sin(-roll);
    // rotate every point so the eye line is horizontal, about the left eye
    double[] p = new double[10];
    for (int i = 0; i < 5; i++) {
      double dx = l.x(i) - l.x(0);
      double dy = l.y(i) - l.y(0);
      p[2 * i] = dx * cos - dy * sin;
      p[2 * i + 1] = dx * sin + dy * cos;
    }
    double eyeDist = Math.max(1e-3, Math.abs(p[2]));
    double eyeMidX = p[2] / 2;
    double mouthMidX = (p[6] + p[8]) / 2;
    double mouthMidY = (p[7] + p[9]) / 2;
    // the nose offset against the eye/mouth midline, in eye distances
    double midlineX = (eyeMidX + mouthMidX) / 2;
    double offset = (p[4] - midlineX) / eyeDist;
    double yaw = Math.toDegrees(Math.atan(offset / NOSE_DEPTH));
    // when the head turns far the eyes overlap: the projected eye distance collapses against the
    // eye-mouth distance; take the larger of the two estimates
    double faceHeight = Math.max(1e-3, mouthMidY);
    double ratio = eyeDist / faceHeight;
    double yawFromWidth = Math.toDegrees(Math.acos(Math.min(1, ratio / FRONTAL_EYE_TO_MOUTH)));
    if (yawFromWidth > Math.abs(yaw)) {
      yaw = Math.copySign(yawFromWidth, yaw == 0 ? 1 : yaw);
    }
    double noseHeight = p[5] / faceHeight;
    double pitch = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, (FRONTAL_NOSE_HEIGHT - noseHeight) * 2.2))));
    return new Pose((float) -yaw, (float) pitch, (float) Math.toDegrees(roll));
  }
}
