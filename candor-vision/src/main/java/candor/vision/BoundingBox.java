package candor.vision;

/**
 * An axis-aligned face box in pixels of the orientation-corrected original image, origin at the
 * top-left corner.
 *
 * @param x left edge
 * @param y top edge
 * @param width width, positive
 * @param height height, positive
 */
public record BoundingBox(float x, float y, float width, float height) {
  public BoundingBox {
    if (!(width > 0 && height > 0) || !Float.isFinite(x) || !Float.isFinite(y)) {
      throw new IllegalArgumentException(
          "box must be finite with positive size, got [" + x + "," + y + "," + width + "," + height + "]");
    }
  }

  /** Builds a box from its corners. */
  public static BoundingBox ofCorners(float x1, float y1, float x2, float y2) {
    return new BoundingBox(x1, y1, x2 - x1, y2 - y1);
  }

  public float right() {
    return x + width;
  }

  public float bottom() {
    return y + height;
  }

  public float centerX() {
    return x + width / 2;
  }

  public float centerY() {
    return y + height / 2;
  }

  public float area() {
    return width * height;
  }

  /** Intersection over union with another box, in [0, 1]. */
  public float iou(BoundingBox other) {
    float ix = Math.max(0, Math.min(right(), other.right()) - Math.max(x, other.x));
    float iy = Math.max(0, Math.min(bottom(), other.bottom()) - Math.max(y, other.y));
    float inter = ix * iy;
    return inter / (area() + other.area() - inter);
  }

  /** This box scaled about the origin, e.g. to map detector coordinates back to the original. */
  public BoundingBox scaled(double factor) {
    return new BoundingBox(
        (float) (x * factor), (float) (y * factor), (float) (width * factor), (float) (height * factor));
  }

  /** The box as {@code [x, y, width, height]}. */
  public float[] toArray() {
    return new float[] {x, y, width, height};
  }
}
