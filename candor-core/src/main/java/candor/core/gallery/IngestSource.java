package candor.core.gallery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The images an ingest reads: files, folders (recursively) and ZIP archives, listed up front so
 * that progress has a total and "first image of a folder" is well defined.
 *
 * <p>Rules: a file named on the command line is always tried (a {@code .zip} is opened as an
 * archive); inside folders and archives only names ending in {@link #IMAGE_EXTENSIONS} are taken
 * and other files are ignored, as are hidden names and {@code __MACOSX/}; ZIP entries are read
 * one at a time from the archive, never extracted; archives inside archives are not opened.
 * Items come sorted by path within each argument. A path that does not exist, or an archive that
 * cannot be opened, becomes a {@link FileError}.
 *
 * <p>With {@code firstPerFolder} n, only the first n images (by name) of each folder that holds
 * more than n are kept: the enrolment images of the 1:N identification protocol (see {@link
 * candor.core.eval.Identification}; n = 1 there), the other images being its probes.
 *
 * <p>Not thread-safe to build; its items may be read from several threads. Close it to close the
 * archives.
 */
public final class IngestSource implements AutoCloseable {

  /** The file name endings taken from folders and archives, lower case. */
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp");

  private final List<IngestItem> items;
  private final List<FileError> errors;
  private final List<ZipFile> archives;

  private IngestSource(List<IngestItem> items, List<FileError> errors, List<ZipFile> archives) {
    this.items = List.copyOf(items);
    this.errors = List.copyOf(errors);
    this.archives = archives;
  }

  /**
   * Lists the images under the given paths.
   *
   * @param paths files, folders and ZIP archives
   * @param firstPerFolder keep only the first image of each folder with two or more images
   * @return the source; close it when done
   * @throws UncheckedIOException if a folder cannot be walked
   */
  public static IngestSource scan(List<Path> paths, boolean firstPerFolder) {
    return scan(paths, firstPerFolder ? 1 : 0);
  }

  /**
   * Lists the images under the given paths, keeping only the first {@code firstPerFolder} of
   * each folder that holds more.
   *
   * @param paths files, folders and ZIP archives
   * @param firstPerFolder 0 for every image, else how many to keep (by name) of each folder with
   *     more images than that; folders with fewer are left out
   * @return the source; close it when done
   * @throws IllegalArgumentException if {@code firstPerFolder} is negative
   * @throws UncheckedIOException if a folder cannot be walked
   */
  public static IngestSource scan(List<Path> paths, int firstPerFolder) {
    if (firstPerFolder < 0) {
      throw new IllegalArgumentException("firstPerFolder must not be negative");
    }
    List<IngestItem> items = new ArrayList<>();
    List<FileError> errors = new ArrayList<>();
    List<ZipFile> archives = new ArrayList<>();
    try {
      for (Path path : paths) {
        if (Files.isDirectory(path)) {
          List<Path> files;
          try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
                .sorted().toList();
          }
          for (Path file : files) {
            String relative = path.relativize(file).toString().replace('\\', '/');
            if (Files.isRegularFile(file) == false) {
              // a link to nothing, named as an image: a photo the user meant, which must not
              // vanish from the batch without a word (a link to a folder is not followed)
              if (Files.isDirectory(file) == false && isHidden(relative) == false
                  && (isImage(file.getFileName().toString()) || isArchive(file))) {
                errors.add(new FileError(file.toString(), file
                    + ": a symbolic link to nothing (" + linkTarget(file) + ")"));
              }
            } else if (isArchive(file)) {
              openArchive(file, relative, items, errors, archives);
            } else if (isImage(file.getFileName().toString()) && isHidden(relative) == false) {
              items.add(fileItem(file, relative));
            }
          }
        } else if (Files.isRegularFile(path)) {
          String relative = path.getFileName().toString();
          if (isArchive(path)) {
            openArchive(path, relative, items, errors, archives);
          } else {
            items.add(fileItem(path, relative));
          }
        } else {
          errors.add(new FileError(path.toString(), path + ": no such file or folder"));
        }
      }
    } catch (IOException e) {
      closeAll(archives);
      throw new UncheckedIOException("cannot list the input files: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(archives);
      throw e;
    }
    return new IngestSource(firstPerFolder > 0 ? firstOfEachFolder(items, firstPerFolder) : items,
        errors, archives);
  }

  private static String linkTarget(Path link) {
    try {
      return "it points to " + Files.readSymbolicLink(link);
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /**
   * A source of images already in memory, such as the photos of an upload: nothing is written
   * to disk, so a photo that fails never leaves a file behind.
   *
   * @param folder the folder name the images share (a subject's external reference when
   *     subjects come from folders)
   * @param images each image's name and bytes, in order
   * @return the source; closing it is a no-op
   */
  public static IngestSource ofMemory(String folder, List<Map.Entry<String, byte[]>> images) {
    List<IngestItem> items = new ArrayList<>(images.size());
    for (Map.Entry<String, byte[]> image : images) {
      String name = image.getKey();
      byte[] bytes = image.getValue();
      items.add(new IngestItem(name, "upload:" + folder + "/" + name, name,
          "upload:" + folder, folder, limit -> readAtMost(new ByteArrayInputStream(bytes), limit)));
    }
    return new IngestSource(items, List.of(), List.of());
  }

  /**
   * Returns the images found.
   *
   * @return the items, in order
   */
  public List<IngestItem> items() {
    return items;
  }

  /**
   * Returns the paths that could not be listed.
   *
   * @return errors for missing paths and unreadable archives
   */
  public List<FileError> errors() {
    return errors;
  }

  /** Closes the archives. */
  @Override
  public void close() {
    closeAll(archives);
  }

  private static IngestItem fileItem(Path file, String relative) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    String folderName = parent == null || parent.getFileName() == null ? ""
        : parent.getFileName().toString();
    String location = file.toAbsolutePath().normalize().toString();
    return new IngestItem(file.toString(), location, relative, String.valueOf(parent), folderName,
        limit -> {
          try (InputStream in = Files.newInputStream(file)) {
            return readAtMost(in, limit);
          }
        });
  }

  private static void openArchive(Path file, String relative, List<IngestItem> items,
      List<FileError> errors, List<ZipFile> archives) {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (IOException e) {
      errors.add(new FileError(file.toString(),
          file + ": not a readable ZIP archive (" + e.getMessage() + ")"));
      return;
    }
    archives.add(zip);
    String stem = file.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
    List<? extends ZipEntry> entries = zip.stream()
        .filter(e -> e.isDirectory() == false)
        .filter(e -> isImage(e.getName()) && isHidden(e.getName()) == false)
        .sorted(Comparator.comparing(ZipEntry::getName))
        .toList();
    for (ZipEntry entry : entries) {
      String name = entry.getName();
      int slash = name.lastIndexOf('/');
      String parent = slash < 0 ? "" : name.substring(0, slash);
      String folderName = parent.isEmpty() ? stem : parent.substring(parent.lastIndexOf('/') + 1);
      String location = file.toAbsolutePath().normalize() + "!" + name;
      items.add(new IngestItem(file + "!" + name, location, relative + "!" + name,
          file + "!" + parent, folderName, limit -> {
            try (InputStream in = zip.getInputStream(entry)) {
              return readAtMost(in, limit);
            }
          }));
    }
  }

  private static List<IngestItem> firstOfEachFolder(List<IngestItem> items, int count) {
    Map<String, List<IngestItem>> folders = new LinkedHashMap<>();
    for (IngestItem item : items) {
      folders.computeIfAbsent(item.folder(), f -> new ArrayList<>()).add(item);
    }
    List<IngestItem> first = new ArrayList<>();
    for (List<IngestItem> folder : folders.values()) {
      if (folder.size() > count) {
        folder.stream().sorted(Comparator.comparing(IngestSource::baseName)).limit(count)
            .forEach(first::add);
      }
    }
    return first;
  }

  private static String baseName(IngestItem item) {
    String name = item.name();
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('!')) + 1);
  }

  static byte[] readAtMost(InputStream in, long limit) throws IOException {
    int cap = (int) Math.min(limit + 1, Integer.MAX_VALUE - 16);
    return in.readNBytes(cap);
  }

  private static boolean isArchive(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  private static boolean isImage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.equals("__MACOSX")) {
        return true;
      }
    }
    return false;
  }

  private static void closeAll(List<ZipFile> archives) {
    for (ZipFile zip : archives) {
      try {
        zip.close();
      } catch (IOException e) {
        // nothing was written through it; closing a read-only archive cannot lose data
      }
    }
  }
}
