package candor.vision.onnx;

/**
 * An extra detector pass over the whole image shrunk into part of the window on a black border:
 * it finds faces that fill the photo (tight crops, close-ups, most profile photos of CFP), which
 * are larger than a window-sized model's largest anchors. Measured on cfp-dev (issue #6) with the
 * default pack and a pass at half the window on every photo: images without a face fell from 108
 * to 13 of 2,887 and frontal-to-profile accuracy rose from 82.34 % to 87.51 %.
 *
 * @param fraction the fraction of the window's side the whole image fills, in (0, 1); 0 for no pass
 * @param always whether the pass always runs (its boxes compete with the regular ones in
 *     non-maximum suppression), or only when the whole-image pass finds no face: then every photo
 *     in which that pass found a face is analysed exactly as before (all of LFW, for instance)
 */
public record ZoomOut(double fraction, boolean always) {
  /** No zoomed-out pass. */
  public static final ZoomOut NONE = new ZoomOut(0, false);

  public ZoomOut {
    if (!(fraction == 0 || (fraction > 0 && fraction < 1))) {
      throw new IllegalArgumentException("zoom-out fraction must be 0 or in (0, 1), got " + fraction);
    }
  }

  /** Whether there is a pass at all. */
  public boolean enabled() {
    return fraction > 0;
  }
}
