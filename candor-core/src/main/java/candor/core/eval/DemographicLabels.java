package candor.core.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Demographic labels of the identities of an evaluation data set, read from a tab-separated file
 * that a person wrote: the only place the demographic evaluation takes a label from. Candor never
 * infers a label from a face, a name or a file of the data set.
 *
 * <p>The file's first line is a header naming the columns; the first column holds an identity
 * (the name of its folder in the data set), each other column one kind of label ({@code race},
 * {@code sex}, any name). Blank lines and lines starting with {@code #} are skipped. A cell may
 * hold several labels separated by commas; such a multi-label identity belongs to each of those
 * groups (its comparisons count once in each group, and once in {@code all}); an empty cell leaves
 * the identity out of that column's groups.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemographicLabels {

  /** How multi-label identities are counted, as the report states it. */
  public static final String MULTI_LABEL_RULE = "an identity with several comma-separated labels in"
      + " a column belongs to each of those groups; its comparisons count once in each, and once in"
      + " 'all'";

  private final List<String> columns;
  private final Map<String, List<Set<String>>> labels; // identity -> per column, in file order
  private final String sha256;

  private DemographicLabels(List<String> columns, Map<String, List<Set<String>>> labels, String sha256) {
    this.columns = List.copyOf(columns);
    this.labels = Collections.unmodifiableMap(labels);
    this.sha256 = sha256;
  }

  /**
   * Reads a labels file.
   *
   * @param file the tab-separated file, UTF-8
   * @return the labels, identities in file order
   * @throws IllegalArgumentException naming the file and line when the file has no header, a
   *     header with fewer than two columns or a repeated name, a row with another number of
   *     columns, an empty or repeated identity, or an identity that is not a plain folder name
   * @throws IOException if the file cannot be read
   */
  public static DemographicLabels read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    List<String> header = null;
    Map<String, List<Set<String>>> labels = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      String where = file + " line " + (i + 1) + ": ";
      if (header == null) {
        header = header(cells, where);
        continue;
      }
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(where + "expected " + header.size()
            + " tab-separated columns as in the header, got " + cells.length);
      }
      String identity = cells[0].strip();
      if (identity.isEmpty() || identity.equals(".") || identity.equals("..")
          || identity.contains("/") || identity.contains("\\")) {
        throw new IllegalArgumentException(where + "expected a folder name in the first column, got '"
            + identity + "'");
      }
      Integer earlier = lineOf.putIfAbsent(identity, i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException(where + "identity '" + identity
            + "' is already labelled on line " + earlier);
      }
      List<Set<String>> row = new ArrayList<>();
      for (int c = 1; c < cells.length; c++) {
        Set<String> values = new TreeSet<>();
        for (String v : cells[c].split(",")) {
          if (v.isBlank() == false) {
            values.add(v.strip());
          }
        }
        row.add(Collections.unmodifiableSet(values));
      }
      labels.put(identity, List.copyOf(row));
    }
    if (header == null) {
      throw new IllegalArgumentException(file + ": empty labels file, expected a header line"
          + " 'identity<TAB>label<TAB>...'");
    }
    return new DemographicLabels(header.subList(1, header.size()), labels, sha256(bytes));
  }

  private static List<String> header(String[] cells, String where) {
    if (cells.length < 2) {
      throw new IllegalArgumentException(where + "expected a header naming the identity column and at"
          + " least one label column, tab-separated, got " + cells.length + " column");
    }
    List<String> names = new ArrayList<>();
    for (String c : cells) {
      String name = c.strip();
      if (name.isEmpty() || names.contains(name)) {
        throw new IllegalArgumentException(where + "header column names must be non-empty and"
            + " distinct, got '" + String.join("\t", cells) + "'");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * Keeps some label columns.
   *
   * @param keep column names, in the order the report should use
   * @return the labels of those columns only
   * @throws IllegalArgumentException naming the columns there are when one is not among them, or
   *     when {@code keep} is empty
   */
  public DemographicLabels select(List<String> keep) {
    if (keep.isEmpty()) {
      throw new IllegalArgumentException("expected at least one label column, the file has " + columns);
    }
    List<Integer> index = new ArrayList<>();
    for (String k : keep) {
      int i = columns.indexOf(k);
      if (i < 0 || index.contains(i)) {
        throw new IllegalArgumentException("no label column '" + k + "' (or named twice): the file has "
            + columns);
      }
      index.add(i);
    }
    Map<String, List<Set<String>>> kept = new LinkedHashMap<>();
    labels.forEach((identity, row) -> kept.put(identity, index.stream().map(row::get).toList()));
    return new DemographicLabels(keep, kept, sha256);
  }

  /**
   * Returns the SHA-256 of the file the labels were read from: names the exact labels a report
   * used.
   *
   * @return lower-case hex
   */
  public String sha256() {
    return sha256;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Returns the label columns.
   *
   * @return their names, in file order (or as selected)
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * Returns the labelled identities.
   *
   * @return folder names, in file order
   */
  public List<String> identities() {
    return List.copyOf(labels.keySet());
  }

  /**
   * Returns an identity's labels in one column.
   *
   * @param identity a labelled identity
   * @param column a label column
   * @return its labels there, sorted; empty when the cell was empty
   * @throws IllegalArgumentException if the identity or column is unknown
   */
  public Set<String> labels(String identity, String column) {
    List<Set<String>> row = labels.get(identity);
    int c = columns.indexOf(column);
    if (row == null || c < 0) {
      throw new IllegalArgumentException("unknown identity '" + identity + "' or column '" + column + "'");
    }
    return row.get(c);
  }

  /**
   * The groups to measure: {@code all} (every identity of the file), one group per label of each
   * column ({@code race=black}), and one per pair of labels of every two columns that some
   * identity carries ({@code race=black,sex=female}). Groups of one column share a family, the
   * unit in which differentials compare groups.
   *
   * @return the groups, in that order; within a family by label, sorted
   */
  public List<DemographicGroup> groups() {
    List<DemographicGroup> groups = new ArrayList<>();
    groups.add(new DemographicGroup("all", "all", Map.of(), identities()));
    for (String column : columns) {
      Map<String, List<String>> byLabel = new TreeMap<>();
      labels.forEach((identity, row) -> labels(identity, column)
          .forEach(v -> byLabel.computeIfAbsent(v, x -> new ArrayList<>()).add(identity)));
      byLabel.forEach((v, ids) -> groups.add(new DemographicGroup(column + "=" + v, column,
          Map.of(column, v), ids)));
    }
    for (int a = 0; a < columns.size(); a++) {
      for (int b = a + 1; b < columns.size(); b++) {
        String ca = columns.get(a);
        String cb = columns.get(b);
        Map<List<String>, List<String>> byPair = new TreeMap<>((x, y) -> x.get(0).equals(y.get(0))
            ? x.get(1).compareTo(y.get(1)) : x.get(0).compareTo(y.get(0)));
        for (String identity : labels.keySet()) {
          for (String va : labels(identity, ca)) {
            for (String vb : labels(identity, cb)) {
              byPair.computeIfAbsent(List.of(va, vb), x -> new ArrayList<>()).add(identity);
            }
          }
        }
        byPair.forEach((pair, ids) -> {
          Map<String, String> l = new LinkedHashMap<>();
          l.put(ca, pair.get(0));
          l.put(cb, pair.get(1));
          groups.add(new DemographicGroup(ca + "=" + pair.get(0) + "," + cb + "=" + pair.get(1),
              ca + "," + cb, l, ids));
        });
      }
    }
    return groups;
  }

  /**
   * Returns the number of labelled identities.
   *
   * @return the rows of the file
   */
  public int size() {
    return labels.size();
  }
}
