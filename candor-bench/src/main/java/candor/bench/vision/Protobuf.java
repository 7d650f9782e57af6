package candor.bench.vision;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol-buffer wire format, as much of it as reading and writing ONNX models needs: a
 * message is a list of fields, each a field number, a wire type and a value (a number for
 * varint and fixed-width fields, bytes for length-delimited ones: strings, sub-messages, packed
 * arrays). Fields are kept in file order and written back in the order given, so a message
 * parsed and written again is byte for byte the same.
 *
 * <p>Written from the format's public specification
 * (https://protobuf.dev/programming-guides/encoding/); no generated code and no dependency.
 */
final class Protobuf {

  /** Wire type of varints (int32, int64, enums, bools). */
  static final int VARINT = 0;
  /** Wire type of 64-bit fixed-width values. */
  static final int FIXED64 = 1;
  /** Wire type of length-delimited values. */
  static final int BYTES = 2;
  /** Wire type of 32-bit fixed-width values (float). */
  static final int FIXED32 = 5;

  private Protobuf() {}

  /**
   * One field.
   *
   * @param number the field number
   * @param wireType {@link #VARINT}, {@link #FIXED64}, {@link #BYTES} or {@link #FIXED32}
   * @param number64 the value of a varint or fixed-width field (fixed32 in the low 32 bits)
   * @param bytes the value of a length-delimited field, else null
   */
  record Field(int number, int wireType, long number64, byte[] bytes) {

    /** A varint field. */
    static Field varint(int number, long value) {
      return new Field(number, VARINT, value, null);
    }

    /** A length-delimited field. */
    static Field bytes(int number, byte[] value) {
      return new Field(number, BYTES, 0, value);
    }

    /** A string field, UTF-8. */
    static Field string(int number, String value) {
      return bytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A float field. */
    static Field float32(int number, float value) {
      return new Field(number, FIXED32, Float.floatToRawIntBits(value) & 0xffffffffL, null);
    }

    /** The value as a UTF-8 string. */
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Parses a message.
   *
   * @throws IllegalArgumentException on a wire type this format does not have (groups) or a
   *     truncated message
   */
  static List<Field> parse(byte[] message) {
    List<Field> fields = new ArrayList<>();
    int[] at = {0};
    while (at[0] < message.length) {
      long key = varint(message, at);
      int number = (int) (key >>> 3);
      int type = (int) (key & 7);
      switch (type) {
        case VARINT -> fields.add(new Field(number, type, varint(message, at), null));
        case FIXED64 -> {
          fields.add(new Field(number, type, littleEndian(message, at[0], 8), null));
          at[0] += 8;
        }
        case FIXED32 -> {
          fields.add(new Field(number, type, littleEndian(message, at[0], 4), null));
          at[0] += 4;
        }
        case BYTES -> {
          int length = (int) varint(message, at);
          if (length < 0 || at[0] + length > message.length) {
            throw new IllegalArgumentException("truncated field " + number);
          }
          byte[] value = new byte[length];
          System.arraycopy(message, at[0], value, 0, length);
          at[0] += length;
          fields.add(new Field(number, type, 0, value));
        }
        default -> throw new IllegalArgumentException(
            "field " + number + " has wire type " + type + ", which this reader does not know");
      }
    }
    return fields;
  }

  /** Writes a message. */
  static byte[] write(List<Field> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Field f : fields) {
      writeVarint(out, ((long) f.number() << 3) | f.wireType());
      switch (f.wireType()) {
        case VARINT -> writeVarint(out, f.number64());
        case FIXED64 -> writeLittleEndian(out, f.number64(), 8);
        case FIXED32 -> writeLittleEndian(out, f.number64(), 4);
        case BYTES -> {
          writeVarint(out, f.bytes().length);
          out.writeBytes(f.bytes());
        }
        default -> throw new IllegalArgumentException("wire type " + f.wireType());
      }
    }
    return out.toByteArray();
  }

  /** The varints of a repeated integer field, packed or not. */
  static List<Long> longs(List<Field> fields, int number) {
    List<Long> values = new ArrayList<>();
    for (Field f : fields) {
      if (f.number() != number) {
        continue;
      }
      if (f.wireType() == VARINT) {
        values.add(f.number64());
      } else if (f.wireType() == BYTES) {
        int[] at = {0};
        while (at[0] < f.bytes().length) {
          values.add(varint(f.bytes(), at));
        }
      }
    }
    return values;
  }

  /** The first field with this number, or null. */
  static Field first(List<Field> fields, int number) {
    for (Field f : fields) {
      if (f.number() == number) {
        return f;
      }
    }
    return null;
  }

  private static long varint(byte[] b, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at[0] >= b.length) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte x = b[at[0]++];
      value |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  private static long littleEndian(byte[] b, int at, int width) {
    if (at + width > b.length) {
      throw new IllegalArgumentException("truncated fixed-width field");
    }
    long value = 0;
    for (int i = width - 1; i >= 0; i--) {
      value = (value << 8) | (b[at + i] & 0xff);
    }
    return value;
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static void writeLittleEndian(ByteArrayOutputStream out, long value, int width) {
    for (int i = 0; i < width; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
