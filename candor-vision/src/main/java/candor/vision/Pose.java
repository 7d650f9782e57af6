package candor.vision;

/**
 * Head pose estimated from landmarks, in degrees.
 *
 * @param yaw turn left/right; 0 is frontal, positive when the face turns towards the image's left
 * @param pitch nod up/down; positive when the face looks up
 * @param roll in-plane tilt; positive when the eye line slopes down to the image's right
 */
public record Pose(float yaw, float pitch, float roll) {
  /** The largest of |yaw|, |pitch| and |roll|. */
  public float maxAngle() {
    return Math.max(Math.abs(yaw), Math.max(Math.abs(pitch), Math.abs(roll)));
  }
}
