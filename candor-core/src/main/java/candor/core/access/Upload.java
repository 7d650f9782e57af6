package candor.core.access;

import candor.core.model.InvalidRequestException;
import java.util.Objects;

/**
 * An uploaded image: its name (for messages and provenance) and its encoded bytes.
 *
 * <p>Privacy: a face photo; held in memory, stored only by ingest and enrolment.
 *
 * @param name the file name the client gave, or a placeholder such as {@code "probe"}
 * @param bytes the encoded image; not copied, must not change while in use
 */
public record Upload(String name, byte[] bytes) {

  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException if the upload is empty (message {@code "probe.jpg is
   *     empty"})
   */
  public Upload {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new InvalidRequestException(name + " is empty");
    }
  }

  /**
   * Describes the upload without its bytes.
   *
   * @return the name and size
   */
  @Override
  public String toString() {
    return "Upload[" + name + ", " + bytes.length + " bytes]";
  }
}
