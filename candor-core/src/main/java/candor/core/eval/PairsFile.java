package candor.core.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an LFW-layout pairs file: a header {@code FOLDS PAIRS_PER_FOLD}, then per fold that many
 * matched pairs ({@code name n1 n2}) followed by as many mismatched ones
 * ({@code name1 n1 name2 n2}). Images are {@code DIR/name/name_NNNN.jpg}.
 */
public final class PairsFile {
  private PairsFile() {}

  /**
   * Parses a pairs file.
   *
   * @param dataset the folder with one sub-folder per person
   * @param pairsFile the protocol file
   * @throws IllegalArgumentException naming the line when the file is malformed
   */
  public static List<Pair> read(Path dataset, Path pairsFile) throws IOException {
    List<String> lines = Files.readAllLines(pairsFile).stream().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(pairsFile + ": empty pairs file");
    }
    String[] head = lines.get(0).trim().split("\\s+");
    int folds;
    int perFold;
    try {
      folds = Integer.parseInt(head[0]);
      perFold = Integer.parseInt(head[1]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(pairsFile + ":1: expected 'FOLDS PAIRS_PER_FOLD', got '" + lines.get(0) + "'");
    }
    // each fold's threshold is chosen on the other folds, so one fold leaves nothing to choose on
    if (folds < 2) {
      throw new IllegalArgumentException(pairsFile + ":1: expected at least 2 folds, got " + folds);
    }
    if (perFold < 1) {
      throw new IllegalArgumentException(pairsFile + ":1: expected at least 1 pair per fold, got " + perFold);
    }
    int expected = 1 + folds * perFold * 2;
    if (lines.size() < expected) {
      throw new IllegalArgumentException(pairsFile + ": header promises " + (expected - 1) + " pairs, file has " + (lines.size() - 1));
    }
    List<Pair> pairs = new ArrayList<>(expected - 1);
    int line = 1;
    for (int f = 0; f < folds; f++) {
      for (int i = 0; i < 2 * perFold; i++, line++) {
        String[] t = lines.get(line).trim().split("\\s+");
        boolean genuine = i < perFold;
        try {
          if (genuine && t.length == 3) {
            pairs.add(new Pair(image(dataset, t[0], t[1]), image(dataset, t[0], t[2]), true, f));
          } else if (!genuine && t.length == 4) {
            pairs.add(new Pair(image(dataset, t[0], t[1]), image(dataset, t[2], t[3]), false, f));
          } else {
            throw new IllegalArgumentException();
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(pairsFile + ":" + (line + 1) + ": expected a "
              + (genuine ? "matched pair 'name n1 n2'" : "mismatched pair 'name1 n1 name2 n2'") + ", got '" + lines.get(line) + "'");
        }
      }
    }
    return pairs;
  }

  /** The image path of a person's n-th photo. */
  public static Path image(Path dataset, String name, String number) {
    int n = Integer.parseInt(number);
    return dataset.resolve(name).resolve(String.format("%s_%04d.jpg", name, n));
  }
}
