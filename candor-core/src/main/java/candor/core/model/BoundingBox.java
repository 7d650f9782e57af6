package candor.core.model;

/**
 * A face's box in pixels of the orientation-corrected image, origin at the top-left corner.
 *
 * @param x the left edge; finite (may be slightly negative when a detector's box crosses the
 *     image border)
 * @param y the top edge; finite
 * @param width the width, positive and finite
 * @param height the height, positive and finite
 */
public record BoundingBox(float x, float y, float width, float height) {

  /**
   * Validates the box.
   *
   * @throws IllegalArgumentException if a value is not finite or a size is not positive
   *     (message such as {@code "box width must be positive and finite, got 0.0"})
   */
  public BoundingBox {
    if (Float.isFinite(x) == false || Float.isFinite(y) == false) {
      throw new IllegalArgumentException("box origin must be finite, got (" + x + ", " + y + ")");
    }
    if (Float.isFinite(width) == false || width <= 0) {
      throw new IllegalArgumentException("box width must be positive and finite, got " + width);
    }
    if (Float.isFinite(height) == false || height <= 0) {
      throw new IllegalArgumentException("box height must be positive and finite, got " + height);
    }
  }
}
