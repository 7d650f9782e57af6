package candor.vision.onnx;

import candor.vision.DetectedFace;
import java.util.List;

/**
 * An extra detector pass over the whole image shrunk into part of the window on a black border:
 * it finds faces that fill the photo (tight crops, close-ups, most profile photos of CFP), which
 * are larger than a window-sized model's largest anchors. Measured on cfp-dev (issue #6) with the
 * default pack: images without a face fell from 108 to 13 of 2,887; frontal-to-profile accuracy
 * rose from 82.34 % to 85.09 % with the pass where no face was found, 85.77 % adding photos with a
 * face that fills them (shipped; LFW unchanged), 86.71 % with the fill line at 0.6 and 87.51 % on
 * every photo (both cost LFW one pair of 6,000).
 *
 * @param fraction the fraction of the window's side the whole image fills, in (0, 1); 0 for no pass
 * @param always whether the pass always runs (its boxes compete with the regular ones in
 *     non-maximum suppression), or only when the whole-image pass finds no face or a face that
 *     fills the photo ({@link #FILLS_PHOTO}): then every other photo is analysed exactly as
 *     without the pass
 */
public record ZoomOut(double fraction, boolean always) {
  /** No zoomed-out pass. */
  public static final ZoomOut NONE = new ZoomOut(0, false);

  /**
   * A face whose box is at least this fraction of the photo's height fills the photo: the
   * whole-image pass saw it at the edge of what the model was trained on, so its box and
   * landmarks are the least reliable, and the zoomed-out pass gets to propose its own. Measured
   * on 400 random photos each: 99 % of LFW's faces are below 0.73 of the height, 90 % of
   * cfp-dev's above 0.77 (their median 0.91).
   */
  public static final double FILLS_PHOTO = 0.75;

  public ZoomOut {
    if (!(fraction == 0 || (fraction > 0 && fraction < 1))) {
      throw new IllegalArgumentException("zoom-out fraction must be 0 or in (0, 1), got " + fraction);
    }
  }

  /** Whether there is a pass at all. */
  public boolean enabled() {
    return fraction > 0;
  }

  /**
   * Whether the pass runs after the whole-image pass found {@code faces}.
   *
   * @param faces what the whole-image pass found, in the same pixels as {@code imageHeight}
   * @param imageHeight the image's height
   */
  public boolean runsAfter(List<DetectedFace> faces, int imageHeight) {
    return enabled() && (always || faces.isEmpty()
        || faces.stream().anyMatch(f -> f.box().height() >= FILLS_PHOTO * imageHeight));
  }
}
