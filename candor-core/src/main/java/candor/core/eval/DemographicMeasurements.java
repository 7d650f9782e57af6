package candor.core.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demographic measurements a deployment recorded, one per model pack, in its data directory:
 * {@code DATA/measurements/<pack>/demographics.json}. The model card and the transparency report
 * publish them; a service configured to require one refuses to start a pack without it.
 *
 * <p>The file is the report as JSON with snake_case keys ({@link #toJson}), the same text
 * {@code candor eval demographics --json} prints. Recording replaces a pack's earlier
 * measurement atomically (a reader sees the old file or the new one).
 *
 * <p>Privacy: the report holds aggregate counts only.
 *
 * <p>Thread-safe; concurrent recordings of one pack leave one of them.
 */
public final class DemographicMeasurements {

  /** The file name within a pack's folder. */
  public static final String FILE_NAME = "demographics.json";

  private static final Pattern PACK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path folder;

  /**
   * Opens the measurements of a data directory (nothing is created until one is recorded).
   *
   * @param dataDir the data directory
   */
  public DemographicMeasurements(Path dataDir) {
    this.folder = Objects.requireNonNull(dataDir, "dataDir").resolve("measurements");
  }

  /**
   * Returns where a pack's measurement lives.
   *
   * @param pack the model pack's name
   * @return {@code DATA/measurements/<pack>/demographics.json}
   * @throws IllegalArgumentException if the name is not a plain file name
   */
  public Path file(String pack) {
    if (PACK.matcher(pack).matches() == false) {
      throw new IllegalArgumentException("model pack name must be letters, digits, '.', '_' or '-', got '"
          + pack + "'");
    }
    return folder.resolve(pack).resolve(FILE_NAME);
  }

  /**
   * Records a measurement as its pack's current one.
   *
   * @param report the measurement
   * @return the file written
   * @throws IOException if it cannot be written
   */
  public Path record(DemographicReport report) throws IOException {
    Path file = file(report.modelPack());
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
    try {
      Files.writeString(tmp, toJson(report), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /**
   * Reads a pack's measurement.
   *
   * @param pack the model pack's name
   * @return the measurement; empty when none was recorded
   * @throws IllegalStateException naming the file when it exists but cannot be read as a report
   */
  public Optional<DemographicReport> find(String pack) {
    Path file = file(pack);
    if (Files.isRegularFile(file) == false) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(file + ": not a readable demographic measurement (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads every recorded measurement.
   *
   * @return one per pack that has one, by pack name
   * @throws IllegalStateException naming the file when one cannot be read
   */
  public List<DemographicReport> all() {
    if (Files.isDirectory(folder) == false) {
      return List.of();
    }
    List<DemographicReport> all = new ArrayList<>();
    try (Stream<Path> packs = Files.list(folder)) {
      for (Path p : packs.filter(Files::isDirectory).sorted().toList()) {
        String name = p.getFileName().toString();
        if (PACK.matcher(name).matches()) {
          find(name).ifPresent(all::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(folder + ": cannot list measurements (" + e.getMessage() + ")", e);
    }
    return all;
  }

  /**
   * Reads what the transparency report publishes: every recorded measurement without its DET
   * curves.
   *
   * @return one per pack that has one, by pack name
   * @throws IllegalStateException naming the file when one cannot be read
   */
  public List<DemographicReport> published() {
    return all().stream().map(DemographicReport::withoutDet).toList();
  }

  /**
   * Checks that a pack has a recorded measurement of the templates it makes now.
   *
   * @param pack the model pack's name
   * @param templateModel the template model id the pack makes
   * @return the measurement
   * @throws MissingMeasurementException if there is none, or it measured another template model
   */
  public DemographicReport require(String pack, String templateModel) {
    Optional<DemographicReport> found = find(pack);
    if (found.isEmpty()) {
      throw new MissingMeasurementException("model pack '" + pack + "' has no recorded demographic measurement ("
          + file(pack) + "); run: candor eval demographics --dataset DIR --groups FILE --model-pack " + pack
          + " --record");
    }
    if (found.get().templateModel().equals(templateModel) == false) {
      throw new MissingMeasurementException("the demographic measurement of model pack '" + pack + "' ("
          + file(pack) + ") is of template model " + found.get().templateModel() + ", the pack now makes "
          + templateModel + "; measure it again with --record");
    }
    return found.get();
  }

  /**
   * Writes a report as JSON, keys in snake_case, in the records' component order.
   *
   * @param report the report
   * @return the JSON text, indented
   */
  public static String toJson(DemographicReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /**
   * Reads a report written by {@link #toJson}.
   *
   * @param json the JSON text
   * @return the report
   * @throws IOException if the text is not such a report
   */
  public static DemographicReport fromJson(String json) throws IOException {
    return JSON.readValue(json, DemographicReport.class);
  }

  /** A pack that must have a demographic measurement has none of its current templates. */
  public static final class MissingMeasurementException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and how to record it
     */
    public MissingMeasurementException(String message) {
      super(message);
    }
  }
}
