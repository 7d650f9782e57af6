package candor.core.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts float vectors (templates, landmarks) to and from little-endian IEEE 754 bytes, the
 * layout stored in the database.
 *
 * <p>Stateless and thread-safe.
 */
public final class TemplateCodec {

  private TemplateCodec() {}

  /**
   * Encodes the values as 4 little-endian bytes each.
   *
   * @param values the values
   * @return {@code 4 * values.length} bytes
   */
  public static byte[] encode(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @param bytes the encoded values
   * @return the values
   * @throws IllegalArgumentException if the length is not a multiple of 4
   */
  public static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "encoded floats must be a multiple of 4 bytes, got " + bytes.length);
    }
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
