package candor.core.retention;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one run of the retention sweeper erased.
 *
 * @param today the date the run counted from: data retained until before it was due
 * @param subjectsErased subjects erased (with their faces)
 * @param mediaErased photos erased (with their faces)
 * @param facesErased faces erased in all
 * @param failures what could not be erased and why (retried on the next run); copied
 */
public record RetentionReport(
    LocalDate today, int subjectsErased, int mediaErased, int facesErased,
    List<String> failures) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public RetentionReport {
    Objects.requireNonNull(today, "today");
    failures = List.copyOf(failures);
  }
}
