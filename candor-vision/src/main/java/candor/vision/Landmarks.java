package candor.vision;

import java.util.Arrays;

/**
 * Facial landmarks in pixels of the orientation-corrected original image.
 *
 * <p>The five canonical points, in this order, are: the eye on the image's left, the eye on the
 * image's right, the nose tip, the mouth corner on the image's left, the mouth corner on the
 * image's right (the order of the ArcFace alignment template). A landmarker may keep its dense
 * points (68 for the default pack) in {@code dense}; it is empty when it has none.
 *
 * @param five x0, y0, x1, y1, ... for the five canonical points (10 values)
 * @param dense x, y pairs of the dense points, or an empty array
 */
public record Landmarks(float[] five, float[] dense) {
  /** Number of canonical points. */
  public static final int FIVE = 5;

  public Landmarks {
    if (five == null || five.length != 2 * FIVE) {
      throw new IllegalArgumentException(
          "expected 10 values for 5 points, got " + (five == null ? "null" : five.length));
    }
    for (float v : five) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("landmark coordinates must be finite: " + Arrays.toString(five));
      }
    }
    five = five.clone();
    dense = dense == null ? new float[0] : dense.clone();
    if (dense.length % 2 != 0) {
      throw new IllegalArgumentException("dense landmarks need x,y pairs, got " + dense.length + " values");
    }
  }

  /** Five points only. */
  public static Landmarks ofFive(float[] five) {
    return new Landmarks(five, new float[0]);
  }

  @Override
  public float[] five() {
    return five.clone();
  }

  @Override
  public float[] dense() {
    return dense.clone();
  }

  /** x of canonical point {@code i} (0..4). */
  public float x(int i) {
    return five[2 * i];
  }

  /** y of canonical point {@code i} (0..4). */
  public float y(int i) {
    return five[2 * i + 1];
  }

  /** The points as {@code [[x, y], ...]} rows, for JSON. */
  public float[][] fiveAsRows() {
    float[][] rows = new float[FIVE][];
    for (int i = 0; i < FIVE; i++) {
      rows[i] = new float[] {five[2 * i], five[2 * i + 1]};
    }
    return rows;
  }

  /** These landmarks with every coordinate multiplied by {@code factor}. */
  public Landmarks scaled(double factor) {
    float[] f = five.clone();
    float[] d = dense.clone();
    for (int i = 0; i < f.length; i++) {
      f[i] *= (float) factor;
    }
    for (int i = 0; i < d.length; i++) {
      d[i] *= (float) factor;
    }
    return new Landmarks(f, d);
  }

  /** These landmarks moved by ({@code dx}, {@code dy}) pixels. */
  public Landmarks translated(double dx, double dy) {
    if (dx == 0 && dy == 0) {
      return this;
    }
    float[] f = five.clone();
    float[] d = dense.clone();
    for (int i = 0; i < f.length; i += 2) {
      f[i] += (float) dx;
      f[i + 1] += (float) dy;
    }
    for (int i = 0; i < d.length; i += 2) {
      d[i] += (float) dx;
      d[i + 1] += (float) dy;
    }
    return new Landmarks(f, d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Landmarks l && Arrays.equals(five, l.five) && Arrays.equals(dense, l.dense);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(five) + Arrays.hashCode(dense);
  }

  @Override
  public String toString() {
    return "Landmarks" + Arrays.toString(five);
  }
}
