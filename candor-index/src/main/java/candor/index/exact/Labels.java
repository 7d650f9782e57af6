package candor.index.exact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dictionary from labels (collection names, model ids) to small integer codes, so that each
 * stored vector carries two ints instead of two string references.
 *
 * <p>Codes are never reused or removed: a gallery has a handful of collections and models, so a
 * label whose vectors were all deleted costs a few bytes. Not thread-safe; {@link ExactIndex}
 * guards it with its lock.
 */
final class Labels {

  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> codes = new HashMap<>();

  /**
   * Returns the code of {@code label}, assigning the next free code if it is new.
   *
   * @param label a non-null label
   * @return its code, from 0
   */
  int codeOf(String label) {
    Integer code = codes.get(label);
    if (code != null) {
      return code;
    }
    int next = names.size();
    names.add(label);
    codes.put(label, next);
    return next;
  }

  /**
   * Returns the code of {@code label} without assigning one.
   *
   * @param label a label
   * @return its code, or -1 if the label was never seen
   */
  int find(String label) {
    Integer code = codes.get(label);
    return code == null ? -1 : code;
  }

  /**
   * Returns the label with the given code.
   *
   * @param code a code returned by {@link #codeOf(String)}
   * @return the label
   */
  String name(int code) {
    return names.get(code);
  }

  /**
   * Returns how many labels have codes.
   *
   * @return the number of codes assigned
   */
  int size() {
    return names.size();
  }
}
