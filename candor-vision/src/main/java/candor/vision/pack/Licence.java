package candor.vision.pack;

import java.util.Locale;
import java.util.Objects;

/**
 * The terms a pack's models come under, as its descriptor declares them ({@code licence},
 * {@code licence.use}, {@code licence.trainingData}, {@code licence.url}), and whether and by
 * whom they were accepted at install ({@code licence.accepted}). Candor records them; it cannot
 * check them, so the declaration is the installer's responsibility.
 *
 * @param id the licence's identifier, an SPDX id where there is one ({@code MIT},
 *     {@code CC-BY-NC-SA-4.0}) or the publisher's name for it; {@code undeclared} when the
 *     descriptor names none
 * @param use what the terms allow
 * @param trainingData the training data and its terms, as published; empty when unknown
 * @param url where the terms are published; empty when not given
 * @param accepted who accepted the terms at install and when ({@code "alice 2026-12-01T10:00:00Z"}),
 *     empty when they needed no acceptance
 */
public record Licence(String id, Use use, String trainingData, String url, String accepted) {

  /** What a descriptor without licence keys declares: nothing. */
  public static final Licence UNDECLARED = new Licence("undeclared", Use.UNDECLARED, "", "", "");

  /** What the terms allow. */
  public enum Use {
    /** Open licence (MIT, Apache-2.0, ...): any use, under its conditions. */
    OPEN,
    /** A commercial licence the installer holds. */
    COMMERCIAL,
    /** Non-commercial use only. */
    NON_COMMERCIAL,
    /** Research use only. */
    RESEARCH_ONLY,
    /** The descriptor declares nothing. */
    UNDECLARED;

    /** Whether installing needs {@code --accept-licence ID}: non-commercial or research-only terms. */
    public boolean needsAcceptance() {
      return this == NON_COMMERCIAL || this == RESEARCH_ONLY;
    }

    /** The descriptor's spelling: {@code open}, {@code commercial}, {@code non-commercial}, ... */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the descriptor's spelling.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Use parse(String text) {
      for (Use u : values()) {
        if (u.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return u;
        }
      }
      throw new IllegalArgumentException("licence.use must be open, commercial, non-commercial or research-only, got "
          + text);
    }
  }

  /** Validates. */
  public Licence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(use, "use");
    trainingData = trainingData == null ? "" : trainingData;
    url = url == null ? "" : url;
    accepted = accepted == null ? "" : accepted;
    if (id.isBlank()) {
      throw new IllegalArgumentException("licence id must not be blank");
    }
  }

  /** These terms, recorded as accepted by {@code who}. */
  public Licence acceptedBy(String who) {
    return new Licence(id, use, trainingData, url, who);
  }

  /** One line for listings: {@code CC-BY-NC-SA-4.0 (research-only; training data: ...)}. */
  public String summary() {
    StringBuilder s = new StringBuilder(id).append(" (").append(use.key());
    if (!trainingData.isEmpty()) {
      s.append("; training data: ").append(trainingData);
    }
    if (!accepted.isEmpty()) {
      s.append("; accepted by ").append(accepted);
    }
    return s.append(')').toString();
  }
}
