package candor.vision.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of stored pixels: how they must be turned or mirrored to appear upright.
 *
 * <p>Each constant names the correction, and {@link #exifValue()} gives the EXIF tag value (1–8).
 * Coordinates below use the stored pixel grid of width {@code W} and height {@code H}, origin at
 * the top-left.
 */
public enum Orientation {
  /** EXIF 1: stored upright. */
  NORMAL(1, false, false, false),
  /** EXIF 2: mirror left to right. */
  MIRROR_HORIZONTAL(2, false, true, false),
  /** EXIF 3: turn 180°. */
  ROTATE_180(3, false, true, true),
  /** EXIF 4: mirror top to bottom. */
  MIRROR_VERTICAL(4, false, false, true),
  /** EXIF 5: mirror across the top-left to bottom-right diagonal. */
  TRANSPOSE(5, true, false, false),
  /** EXIF 6: turn 90° clockwise (the usual portrait photo from a phone held upright). */
  ROTATE_90_CW(6, true, false, true),
  /** EXIF 7: mirror across the top-right to bottom-left diagonal. */
  TRANSVERSE(7, true, true, true),
  /** EXIF 8: turn 90° counter-clockwise. */
  ROTATE_90_CCW(8, true, true, false);

  // Output tiles keep the column walks of transposing orientations inside the CPU cache; 64 pixels
  // of 3 bytes is a few cache lines per row of the tile.
  private static final int TILE = 64;

  private final int exifValue;
  // The upright pixel (u, v) comes from stored (sx, sy) where, without transpose, sx = u and sy = v,
  // with transpose sx = v and sy = u; then flipX maps sx to W-1-sx and flipY maps sy to H-1-sy.
  private final boolean transpose;
  private final boolean flipX;
  private final boolean flipY;

  Orientation(int exifValue, boolean transpose, boolean flipX, boolean flipY) {
    this.exifValue = exifValue;
    this.transpose = transpose;
    this.flipX = flipX;
    this.flipY = flipY;
  }

  /**
   * Returns the EXIF tag value of this orientation.
   *
   * @return 1 to 8
   */
  public int exifValue() {
    return exifValue;
  }

  /**
   * Tells whether the upright image is the stored image with width and height exchanged.
   *
   * @return true for EXIF 5–8
   */
  public boolean swapsAxes() {
    return transpose;
  }

  /**
   * Returns the orientation with the given EXIF tag value.
   *
   * @param exifValue the EXIF orientation tag value
   * @return the orientation
   * @throws IllegalArgumentException if {@code exifValue} is not in 1–8
   */
  public static Orientation fromExif(int exifValue) {
    if (exifValue < 1 || exifValue > 8) {
      throw new IllegalArgumentException("EXIF orientation must be in 1..8, got " + exifValue);
    }
    return values()[exifValue - 1];
  }

  /**
   * Returns the upright copy of compact 3-byte BGR stored pixels, or {@code bgr} itself for
   * {@link #NORMAL}.
   */
  BufferedImage apply(BufferedImage bgr) {
    if (this == NORMAL) {
      return bgr;
    }
    int w = bgr.getWidth();
    int h = bgr.getHeight();
    int outW = transpose ? h : w;
    int outH = transpose ? w : h;
    byte[] in = BgrImages.bytes(bgr);
    BufferedImage upright = new BufferedImage(outW, outH, BufferedImage.TYPE_3BYTE_BGR);
    byte[] out = BgrImages.bytes(upright);

    // The stored byte index of upright pixel (u, v) is start + u * du + v * dv.
    int row = 3 * w;
    int stepX = flipX ? -3 : 3;
    int stepY = flipY ? -row : row;
    int du = transpose ? stepY : stepX;
    int dv = transpose ? stepX : stepY;
    int start = (flipY ? (h - 1) * row : 0) + (flipX ? 3 * (w - 1) : 0);

    for (int tileV = 0; tileV < outH; tileV += TILE) {
      int endV = Math.min(tileV + TILE, outH);
      for (int tileU = 0; tileU < outW; tileU += TILE) {
        int endU = Math.min(tileU + TILE, outW);
        for (int v = tileV; v < endV; v++) {
          int i = start + tileU * du + v * dv;
          int o = 3 * (v * outW + tileU);
          for (int u = tileU; u < endU; u++, i += du) {
            out[o++] = in[i];
            out[o++] = in[i + 1];
            out[o++] = in[i + 2];
          }
        }
      }
    }
    return upright;
  }

  /**
   * Maps a rectangle of the upright image to the rectangle of stored pixels it comes from.
   *
   * @param upright a non-empty rectangle inside the upright image
   * @param storedWidth {@code W}, the stored width
   * @param storedHeight {@code H}, the stored height
   */
  Rectangle toStored(Rectangle upright, int storedWidth, int storedHeight) {
    int u0 = upright.x;
    int u1 = upright.x + upright.width;
    int v0 = upright.y;
    int v1 = upright.y + upright.height;
    // Stored x spans the upright u range (v range when transposed); a flip mirrors that span.
    int x0 = transpose ? v0 : u0;
    int x1 = transpose ? v1 : u1;
    int y0 = transpose ? u0 : v0;
    int y1 = transpose ? u1 : v1;
    if (flipX) {
      int mirrored = storedWidth - x1;
      x1 = storedWidth - x0;
      x0 = mirrored;
    }
    if (flipY) {
      int mirrored = storedHeight - y1;
      y1 = storedHeight - y0;
      y0 = mirrored;
    }
    return new Rectangle(x0, y0, x1 - x0, y1 - y0);
  }
}
