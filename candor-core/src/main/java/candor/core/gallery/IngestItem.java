package candor.core.gallery;

import java.io.IOException;
import java.util.Objects;

/**
 * One input image of an ingest: a file, or an entry of a ZIP archive.
 *
 * @param name what reports call it: the path as found, or {@code archive.zip!entry/name.jpg}
 * @param location where it is, for the image's provenance: the absolute path, or the archive's
 *     absolute path, {@code !} and the entry's name
 * @param relativeName its name relative to the argument it was found under, for {@code source}
 * @param folder the folder it sits in (a directory path, or {@code archive.zip!dir}); items of
 *     one folder belong to one subject when subjects come from folders
 * @param folderName the folder's last name, the subject's external reference when subjects come
 *     from folders (for an archive's top level, the archive's name without {@code .zip})
 * @param content reads the bytes
 */
public record IngestItem(
    String name,
    String location,
    String relativeName,
    String folder,
    String folderName,
    Content content) {

  /** Reads an item's bytes, stopping early when it is larger than a limit. */
  @FunctionalInterface
  public interface Content {
    /**
     * Reads at most {@code limit + 1} bytes, so that the caller sees that a file is too large
     * without reading all of it.
     *
     * @param limit the largest accepted size
     * @return the bytes; longer than {@code limit} means the item is too large
     * @throws IOException if reading fails
     */
    byte[] read(long limit) throws IOException;
  }

  /**
   * Validates the item.
   *
   * @throws NullPointerException if an argument is null
   */
  public IngestItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(relativeName, "relativeName");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(folderName, "folderName");
    Objects.requireNonNull(content, "content");
  }
}
