package candor.core.gallery;

import candor.core.model.BoundingBox;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a stored face crop lies in its photo: a square of {@link #MARGIN} times the face box's
 * longer side around the box's centre, clipped to the image. Shrinking the crop afterwards keeps
 * proportions, so a point's place as a fraction of the crop's width and height is the same in
 * the stored crop as in the region.
 *
 * <p>Stateless and thread-safe.
 */
public final class CropGeometry {

  /** The crop's side as a multiple of the face box's longer side: the whole head and a margin. */
  public static final double MARGIN = 1.5;

  private CropGeometry() {}

  /**
   * Returns the region of the photo a face's crop is cut from.
   *
   * @param box the face's box in pixels of the orientation-corrected image
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @return the region, inside the image; one pixel at the box's centre if the box lies off it
   */
  public static Rectangle region(BoundingBox box, int width, int height) {
    Objects.requireNonNull(box, "box");
    double side = MARGIN * Math.max(box.width(), box.height());
    double cx = box.x() + box.width() / 2.0;
    double cy = box.y() + box.height() / 2.0;
    Rectangle region = new Rectangle((int) Math.floor(cx - side / 2),
        (int) Math.floor(cy - side / 2), (int) Math.ceil(side), (int) Math.ceil(side))
        .intersection(new Rectangle(0, 0, width, height));
    if (region.isEmpty()) {
      // A detector box entirely off the image cannot happen; keep the centre pixel regardless.
      region = new Rectangle(Math.clamp((long) cx, 0, width - 1),
          Math.clamp((long) cy, 0, height - 1), 1, 1);
    }
    return region;
  }

  /**
   * Places a face's landmarks on its crop, for a reviewer's side-by-side view.
   *
   * @param box the face's box in pixels of the orientation-corrected image
   * @param landmarks the face's 5 points {@code [x0, y0, ..., x4, y4]} in the same frame
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @return the points as fractions of the crop's width and height, {@code [x0, y0, ..., x4,
   *     y4]}, each in [0, 1] for a point inside the crop
   */
  public static List<Double> landmarksOnCrop(BoundingBox box, float[] landmarks, int width,
      int height) {
    Objects.requireNonNull(landmarks, "landmarks");
    Rectangle region = region(box, width, height);
    List<Double> points = new ArrayList<>(landmarks.length);
    for (int i = 0; i + 1 < landmarks.length; i += 2) {
      points.add((double) (landmarks[i] - region.x) / region.width);
      points.add((double) (landmarks[i + 1] - region.y) / region.height);
    }
    return List.copyOf(points);
  }
}
