package candor.vision.pack;

import candor.vision.align.Alignment;
import java.util.Objects;

/**
 * What a pack's embedder takes and gives, read from the descriptor's {@code embedder.*} and
 * {@code align.*} keys: the aligned crop it reads, how its pixels become the input tensor, and the
 * template it returns.
 *
 * <p>The input tensor is {@code [1, 3, size, size]}, planar, each value {@code (pixel - mean) /
 * std} with pixels 0..255 in the channel order given ({@code embedder.mean}, {@code embedder.std};
 * or {@code embedder.scale} and {@code embedder.offset} for {@code pixel * scale + offset}). One
 * mean and std serve all three channels, which covers ArcFace, InsightFace and EdgeFace models.
 *
 * @param size the side of the square input crop in pixels ({@code embedder.size}, default 112)
 * @param bgr whether the planes are B,G,R ({@code embedder.channels=BGR}) rather than R,G,B
 * @param mean subtracted from every 0..255 pixel value
 * @param std the divisor after subtracting the mean; positive
 * @param alignment where the five landmarks go in the crop ({@code align=arcface}, the default,
 *     or {@code align.points} with ten numbers); its size equals {@code size}
 * @param dimension the template dimension the descriptor declares ({@code embedder.dim}), checked
 *     against the graph's output; 0 when the descriptor declares none
 * @param outputNormalised whether the descriptor declares the model's output already L2-normalised
 *     ({@code embedder.normalised=true}; checked at install by running the model). Candor
 *     L2-normalises every template either way, so the index compares them by dot product
 */
public record EmbedderSettings(int size, boolean bgr, float mean, float std, Alignment alignment,
    int dimension, boolean outputNormalised) {

  /** The shipped embedder's: 112x112 B,G,R, {@code (x - 127) / 128}, the ArcFace template, 512-d. */
  public static final EmbedderSettings SHIPPED =
      new EmbedderSettings(112, true, 127f, 128f, Alignment.ARCFACE_112, 512, false);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException when std is not positive, a value is not finite, the
   *     alignment's crop size differs from {@code size} or the dimension is negative
   */
  public EmbedderSettings {
    Objects.requireNonNull(alignment, "alignment");
    if (!(std > 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
      throw new IllegalArgumentException("embedder mean and std must be finite and std positive, got mean "
          + mean + ", std " + std);
    }
    if (alignment.size() != size) {
      throw new IllegalArgumentException("the alignment cuts " + alignment.size() + "-pixel crops, the embedder reads "
          + size + "-pixel ones");
    }
    if (dimension < 0) {
      throw new IllegalArgumentException("embedder.dim must be positive, got " + dimension);
    }
  }

  /** The input tensor's shape, {@code [1, 3, size, size]}. */
  public long[] inputShape() {
    return new long[] {1, 3, size, size};
  }
}
