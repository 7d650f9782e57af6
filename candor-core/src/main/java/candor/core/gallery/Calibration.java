package candor.core.gallery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns a similarity score into an estimated false match rate, from a table measured for one
 * embedding model on impostor pairs (different people).
 *
 * <p>Tables are resources named {@code candor/core/calibration/<model id>.csv}, one {@code
 * threshold,fmr} line per measured threshold: the fraction of impostor pairs that scored at least
 * that threshold. Blank lines, {@code #} comments and a non-numeric header line are skipped.
 * Thresholds must increase and rates must not; rows with rate 0 are dropped (they only say that
 * no measured impostor reached them, which the last positive row already bounds).
 *
 * <p>Between two rows the rate is interpolated linearly in log(FMR), because impostor score tails
 * fall roughly exponentially. Above the last row the estimate is "below" its rate; under the
 * first row, "at least" its rate.
 *
 * <p>Immutable and thread-safe; tables are loaded once per model and cached.
 */
public final class Calibration {

  /** Where calibration tables live on the class path. */
  public static final String RESOURCE_FOLDER = "candor/core/calibration/";

  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Map<String, Optional<Calibration>> CACHE = new ConcurrentHashMap<>();

  private final String modelId;
  private final double[] thresholds;
  private final double[] fmrs;

  private Calibration(String modelId, double[] thresholds, double[] fmrs) {
    this.modelId = modelId;
    this.thresholds = thresholds;
    this.fmrs = fmrs;
  }

  /**
   * Returns the shipped calibration of a model.
   *
   * @param modelId the template model id, such as {@code mbf512-bgr-87aacdfe}
   * @return the calibration, or empty if no table ships for this model (or the id is not a
   *     plain file name)
   * @throws IllegalStateException if the table exists but is malformed (message names the line)
   */
  public static Optional<Calibration> forModel(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    if (MODEL_ID.matcher(modelId).matches() == false) {
      return Optional.empty();
    }
    return CACHE.computeIfAbsent(modelId, id -> {
      String resource = RESOURCE_FOLDER + id + ".csv";
      try (InputStream in = Calibration.class.getClassLoader().getResourceAsStream(resource)) {
        return in == null ? Optional.empty() : Optional.of(parse(id, in, resource));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    });
  }

  /**
   * Returns the calibration of a model: the shipped table, else {@code <model id>.csv} in a model
   * store folder, where an installed pack's table goes ({@code candor eval ident --model-pack NAME
   * --calibration-out DATA/models/<model id>.csv} measures and writes it). A store table is read
   * on every call (about a hundred lines), so one written later is used at once.
   *
   * @param modelId the template model id
   * @param storeDir the model store folder
   * @return the calibration, or empty if there is none for this model
   * @throws IllegalStateException if the table exists but is malformed (message names the line)
   */
  public static Optional<Calibration> forModel(String modelId, Path storeDir) {
    Optional<Calibration> shipped = forModel(modelId);
    if (shipped.isPresent() || MODEL_ID.matcher(modelId).matches() == false) {
      return shipped;
    }
    Path file = storeDir.resolve(modelId + ".csv");
    if (Files.isRegularFile(file) == false) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(parse(modelId, in, file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Parses a table.
   *
   * @param modelId the model it was measured for
   * @param in the CSV text, UTF-8; not closed
   * @param name what messages call the table
   * @return the calibration
   * @throws IllegalStateException if a line is malformed, thresholds do not increase, a rate is
   *     outside [0, 1] or increases, or no row has a positive rate (messages such as {@code
   *     "t.csv line 4: thresholds must increase, got 0.3 after 0.4"})
   * @throws IOException if reading fails
   */
  public static Calibration parse(String modelId, InputStream in, String name) throws IOException {
    List<double[]> rows = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int number = 0;
    boolean headerAllowed = true;
    while ((line = reader.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      boolean header = headerAllowed;
      headerAllowed = false;
      String[] cells = text.split("\\s*,\\s*");
      if (cells.length != 2) {
        throw new IllegalStateException(
            name + " line " + number + ": expected 'threshold,fmr', got '" + text + "'");
      }
      double threshold;
      double fmr;
      try {
        threshold = Double.parseDouble(cells[0]);
        fmr = Double.parseDouble(cells[1]);
      } catch (NumberFormatException e) {
        if (header) {
          continue;
        }
        throw new IllegalStateException(
            name + " line " + number + ": expected numbers, got '" + text + "'", e);
      }
      if (Double.isFinite(threshold) == false || (fmr >= 0 && fmr <= 1) == false) {
        throw new IllegalStateException(
            name + " line " + number + ": threshold must be finite and fmr in [0, 1], got '"
                + text + "'");
      }
      if (rows.isEmpty() == false) {
        double[] previous = rows.getLast();
        if (threshold <= previous[0]) {
          throw new IllegalStateException(name + " line " + number
              + ": thresholds must increase, got " + threshold + " after " + previous[0]);
        }
        if (fmr > previous[1]) {
          throw new IllegalStateException(name + " line " + number
              + ": fmr must not increase with the threshold, got " + fmr + " after "
              + previous[1]);
        }
      }
      rows.add(new double[] {threshold, fmr});
    }
    List<double[]> positive = rows.stream().filter(r -> r[1] > 0).toList();
    if (positive.isEmpty()) {
      throw new IllegalStateException(name + ": no row with a positive fmr");
    }
    double[] thresholds = positive.stream().mapToDouble(r -> r[0]).toArray();
    double[] fmrs = positive.stream().mapToDouble(r -> r[1]).toArray();
    return new Calibration(modelId, thresholds, fmrs);
  }

  /**
   * Returns the model this table was measured for.
   *
   * @return the template model id
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Estimates the false match rate at a score.
   *
   * @param score a cosine similarity between two templates of this model
   * @return the estimate, or a bound at the table's ends
   * @throws IllegalArgumentException if {@code score} is not finite
   */
  public FalseMatchEstimate estimate(double score) {
    if (Double.isFinite(score) == false) {
      throw new IllegalArgumentException("score must be finite, got " + score);
    }
    int last = thresholds.length - 1;
    if (score > thresholds[last]) {
      return new FalseMatchEstimate(fmrs[last], FalseMatchEstimate.Bound.BELOW);
    }
    if (score < thresholds[0]) {
      return new FalseMatchEstimate(fmrs[0], FalseMatchEstimate.Bound.AT_LEAST);
    }
    int found = Arrays.binarySearch(thresholds, score);
    if (found >= 0) {
      return new FalseMatchEstimate(fmrs[found], FalseMatchEstimate.Bound.ESTIMATE);
    }
    int i = -found - 2; // thresholds[i] < score < thresholds[i + 1]
    double t = (score - thresholds[i]) / (thresholds[i + 1] - thresholds[i]);
    double logFmr = Math.log(fmrs[i]) + t * (Math.log(fmrs[i + 1]) - Math.log(fmrs[i]));
    return new FalseMatchEstimate(Math.min(1, Math.exp(logFmr)), FalseMatchEstimate.Bound.ESTIMATE);
  }

  /**
   * Finds the score at which the estimated false match rate falls to a given rate: the inverse
   * of {@link #estimate} inside the table (log-linear between rows), the lowest such score where
   * rows share a rate.
   *
   * @param fmr a false match rate, in (0, 1]
   * @return the score; empty when {@code fmr} is above the table's first rate or below its last
   * @throws IllegalArgumentException if {@code fmr} is not in (0, 1]
   */
  public OptionalDouble scoreAt(double fmr) {
    if ((fmr > 0 && fmr <= 1) == false) {
      throw new IllegalArgumentException("fmr must be in (0, 1], got " + fmr);
    }
    int j = 0;
    while (j < fmrs.length && fmrs[j] > fmr) {
      j++;
    }
    if (j == fmrs.length || (j == 0 && fmrs[0] < fmr)) {
      return OptionalDouble.empty();
    }
    if (j == 0 || fmrs[j] == fmr) {
      return OptionalDouble.of(thresholds[j]);
    }
    double t = (Math.log(fmr) - Math.log(fmrs[j - 1])) / (Math.log(fmrs[j]) - Math.log(fmrs[j - 1]));
    return OptionalDouble.of(thresholds[j - 1] + t * (thresholds[j] - thresholds[j - 1]));
  }
}
