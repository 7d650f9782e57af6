package candor.vision.quality;

import candor.vision.Pose;
import candor.vision.Quality;
import candor.vision.QualityReason;
import candor.vision.align.BgrPixels;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a face's usefulness for recognition and names what is wrong, from signals the pipeline
 * already has. The thresholds are deliberately conservative: a reason flags a face for a human
 * reviewer's attention, it does not drop it. Stateless and thread-safe.
 */
public final class QualityAssessor {
  /** Below this many pixels between the eyes (original image) a template is unreliable; ISO/IEC 19794-5 asks 60 for passports, 20 is the floor. */
  static final double MIN_EYE_DISTANCE = 20;
  /** Variance of the Laplacian of the 112x112 aligned grey crop below which it is blurred. */
  static final double MIN_SHARPNESS = 60;
  /** Mean luma (0..255) of the aligned crop's centre below which it is too dark. */
  static final double MIN_BRIGHTNESS = 45;
  /** Largest |yaw| or |pitch| in degrees before the pose is extreme for a frontal-trained embedder. */
  static final double MAX_YAW = 45;
  static final double MAX_PITCH = 30;
  /** Detector score below which detection is not confident. */
  static final double MIN_CONFIDENCE = 0.85;

  private QualityAssessor() {}

  /**
   * The quality of one face.
   *
   * @param aligned the 112x112 aligned crop
   * @param eyeDistance distance between the eye centres in original-image pixels
   * @param pose head pose
   * @param detectionScore detector confidence in [0, 1]
   */
  public static Quality assess(BgrPixels aligned, double eyeDistance, Pose pose, float detectionScore) {
    List<QualityReason> reasons = new ArrayList<>();
    double score = 1;
    double size = Math.min(1, eyeDistance / 40);
    score *= 0.5 + 0.5 * size;
    if (eyeDistance < MIN_EYE_DISTANCE) {
      reasons.add(QualityReason.SMALL_BOUNDING_BOX);
    }
    double sharp = laplacianVariance(aligned);
    score *= 0.5 + 0.5 * Math.min(1, sharp / (2 * MIN_SHARPNESS));
    if (sharp < MIN_SHARPNESS) {
      reasons.add(QualityReason.LOW_SHARPNESS);
    }
    double yaw = Math.abs(pose.yaw());
    double pitch = Math.abs(pose.pitch());
    score *= Math.max(0.2, 1 - Math.max(yaw / 90, pitch / 60) * 0.8);
    if (yaw > MAX_YAW || pitch > MAX_PITCH) {
      reasons.add(QualityReason.EXTREME_POSE);
    }
    double bright = centreBrightness(aligned);
    score *= 0.5 + 0.5 * Math.min(1, bright / (2 * MIN_BRIGHTNESS));
    if (bright < MIN_BRIGHTNESS) {
      reasons.add(QualityReason.LOW_BRIGHTNESS);
    }
    score *= 0.5 + 0.5 * detectionScore;
    if (detectionScore < MIN_CONFIDENCE) {
      reasons.add(QualityReason.LOW_CONFIDENCE);
    }
    return new Quality((float) Math.max(0, Math.min(1, score)), reasons);
  }

  /** Variance of the 4-neighbour Laplacian of the grey image, a standard focus measure. */
  static double laplacianVariance(BgrPixels px) {
    int w = px.width();
    int h = px.height();
    float[] g = grey(px);
    double sum = 0, sumSq = 0;
    int n = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        double lap = g[i - 1] + g[i + 1] + g[i - w] + g[i + w] - 4 * g[i];
        sum += lap;
        sumSq += lap * lap;
        n++;
      }
    }
    double mean = sum / n;
    return sumSq / n - mean * mean;
  }

  private static double centreBrightness(BgrPixels px) {
    float[] g = grey(px);
    int w = px.width();
    int h = px.height();
    double sum = 0;
    int n = 0;
    for (int y = h / 4; y < 3 * h / 4; y++) {
      for (int x = w / 4; x < 3 * w / 4; x++) {
        sum += g[y * w + x];
        n++;
      }
    }
    return sum / n;
  }

  private static float[] grey(BgrPixels px) {
    byte[] d = px.data();
    float[] g = new float[px.width() * px.height()];
    for (int i = 0, p = 0; i < g.length; i++, p += 3) {
      g[i] = 0.114f * (d[p] & 0xff) + 0.587f * (d[p + 1] & 0xff) + 0.299f * (d[p + 2] & 0xff);
    }
    return g;
  }
}
