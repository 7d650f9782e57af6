package candor.core.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Group labels published with an evaluation data set ({@code GROUP_names.txt}: one image file name
 * a line), used to measure error rates per group. Labels come from the data set, never from
 * inference on a face.
 */
public final class GroupLabels implements Function<Path, String> {
  private final Map<String, String> byFile;

  private GroupLabels(Map<String, String> byFile) {
    this.byFile = byFile;
  }

  /**
   * Reads every {@code *_names.txt} in the folder: {@code female_names.txt} labels its images
   * {@code female}. No files means no labels.
   */
  public static GroupLabels read(Path dataset) throws IOException {
    Map<String, String> map = new HashMap<>();
    try (var files = Files.list(dataset)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_names.txt")).sorted().toList()) {
        String group = f.getFileName().toString().replace("_names.txt", "");
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            map.put(line.trim(), group);
          }
        }
      }
    }
    return new GroupLabels(map);
  }

  /** The group of an image, by its file name, or null when unlabelled. */
  @Override
  public String apply(Path image) {
    return byFile.get(image.getFileName().toString());
  }

  /** Number of labelled images. */
  public int size() {
    return byFile.size();
  }
}
