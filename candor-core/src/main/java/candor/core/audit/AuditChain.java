package candor.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The audit log's hash chain: how an entry's hash is computed and how a sequence of entries is
 * checked, independent of where entries are stored.
 *
 * <p>{@code hash_n = SHA-256(bytes(hash_{n-1}) ‖ UTF-8(json_n))}, where {@code bytes(hash_0)} is
 * 32 zero bytes and {@code json_n} is the canonical JSON of entry {@code n}:
 *
 * <pre>{"action":A,"actor":B,"details":D,"object":O,"seq":N,"time":T}</pre>
 *
 * with keys in that (sorted) order, no whitespace, {@code D} the stored details JSON verbatim,
 * {@code N} a decimal integer and {@code T} the ISO-8601 instant (as {@link Instant#toString()}).
 * Anyone holding the rows can recompute it with a few lines of code.
 *
 * <p>Use a {@link Verifier} to check entries in sequence order. Stateless except for verifiers,
 * which are not thread-safe.
 */
public final class AuditChain {

  /** The {@code prevHash} of the first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();

  private AuditChain() {}

  /**
   * Returns the canonical JSON of an entry, the text its hash covers.
   *
   * @param sequence the entry's sequence number
   * @param time its time
   * @param actor who acted
   * @param action what was done
   * @param object what it was done to
   * @param detailsJson the details' canonical JSON, included verbatim
   * @return the JSON text
   */
  public static String canonicalJson(
      long sequence, Instant time, String actor, String action, String object,
      String detailsJson) {
    StringBuilder out = new StringBuilder(128 + detailsJson.length());
    out.append("{\"action\":");
    CanonicalJson.string(out, action);
    out.append(",\"actor\":");
    CanonicalJson.string(out, actor);
    out.append(",\"details\":").append(detailsJson);
    out.append(",\"object\":");
    CanonicalJson.string(out, object);
    out.append(",\"seq\":").append(sequence);
    out.append(",\"time\":");
    CanonicalJson.string(out, time.toString());
    return out.append('}').toString();
  }

  /**
   * Computes an entry's hash.
   *
   * @param prevHash the previous entry's hash, 64 hex digits
   * @param canonicalJson the entry's canonical JSON
   * @return the hash, 64 lower-case hex digits
   * @throws IllegalArgumentException if {@code prevHash} is not 64 hex digits
   */
  public static String hash(String prevHash, String canonicalJson) {
    byte[] prev;
    try {
      prev = HEX.parseHex(prevHash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("prevHash must be 64 hex digits, got '" + prevHash + "'");
    }
    if (prev.length != 32) {
      throw new IllegalArgumentException("prevHash must be 64 hex digits, got '" + prevHash + "'");
    }
    MessageDigest sha256 = sha256();
    sha256.update(prev);
    sha256.update(canonicalJson.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(sha256.digest());
  }

  /**
   * Builds the entry that extends a chain whose last hash is {@code prevHash}.
   *
   * @param sequence the new entry's sequence number
   * @param time its time, kept to the microsecond
   * @param event what it records
   * @param prevHash the hash of the entry before it ({@link #GENESIS} for the first)
   * @return the entry with its hash
   */
  public static AuditEntry seal(long sequence, Instant time, AuditEvent event, String prevHash) {
    Instant micros = time.truncatedTo(ChronoUnit.MICROS);
    String details = event.detailsJson();
    String json =
        canonicalJson(sequence, micros, event.actor(), event.action(), event.object(), details);
    return new AuditEntry(
        sequence, micros, event.actor(), event.action(), event.object(), details, prevHash,
        hash(prevHash, json));
  }

  /**
   * Returns a verifier that checks entries fed to it in ascending stored order against a chain
   * head.
   *
   * @param headSequence the sequence number the head records as the last entry
   * @param headHash the hash the head records for it ({@link #GENESIS} for an empty log)
   * @return a new verifier
   */
  public static Verifier verifier(long headSequence, String headHash) {
    return new Verifier(headSequence, headHash);
  }

  /**
   * Recomputes a log's whole chain from one snapshot and compares it with the stored hashes and
   * the chain head.
   *
   * @param log the log
   * @return the outcome, naming the first broken entry if any
   */
  public static ChainVerification verify(AuditLog log) {
    Verifier[] verifier = new Verifier[1];
    log.scan(new AuditLog.ChainReader() {
      @Override
      public void head(long sequence, String hash) {
        verifier[0] = verifier(sequence, hash);
      }

      @Override
      public boolean entry(AuditEntry entry) {
        return verifier[0].accept(entry);
      }
    });
    return verifier[0].result();
  }

  /**
   * Checks a chain entry by entry and stops at the first broken one. Not thread-safe.
   */
  public static final class Verifier {

    private final long headSequence;
    private final String headHash;
    private long expected = 1;
    private String prevHash = GENESIS;
    private long checked;
    private ChainVerification broken;

    private Verifier(long headSequence, String headHash) {
      this.headSequence = headSequence;
      this.headHash = Objects.requireNonNull(headHash, "headHash");
    }

    /**
     * Checks the next stored entry (entries must come in ascending order of their stored
     * sequence number).
     *
     * @param entry the entry as stored
     * @return {@code true} to go on, {@code false} once a broken entry was found
     */
    public boolean accept(AuditEntry entry) {
      if (broken != null) {
        return false;
      }
      checked++;
      long seq = entry.sequence();
      if (seq > expected) {
        return fail(expected, "entry " + expected + " is missing (the next stored entry is "
            + seq + ")");
      }
      if (seq < expected) {
        return fail(seq, "entry " + seq + " is out of place (expected entry " + expected + ")");
      }
      String json = canonicalJson(seq, entry.time(), entry.actor(), entry.action(),
          entry.object(), entry.detailsJson());
      if (hash(prevHash, json).equals(entry.hash()) == false) {
        if (entry.prevHash().equals(prevHash) == false) {
          return fail(seq, "entry " + seq + " does not link to entry " + (seq - 1)
              + " (its prev_hash differs)");
        }
        return fail(seq, "entry " + seq + " was altered (its hash does not match its content)");
      }
      if (entry.prevHash().equals(prevHash) == false) {
        return fail(seq, "entry " + seq + " does not link to entry " + (seq - 1)
            + " (its prev_hash differs)");
      }
      prevHash = entry.hash();
      expected++;
      return true;
    }

    /**
     * Finishes the check against the chain head.
     *
     * @return the outcome
     */
    public ChainVerification result() {
      if (broken != null) {
        return broken;
      }
      long last = expected - 1;
      if (last < headSequence) {
        fail(last + 1, "entry " + (last + 1) + " is missing (the chain head is at entry "
            + headSequence + ")");
      } else if (last > headSequence) {
        fail(headSequence + 1, "entry " + (headSequence + 1)
            + " was added outside the audit log (the chain head is at entry " + headSequence
            + ")");
      } else if (prevHash.equals(headHash) == false) {
        fail(last, "entry " + last + " does not match the chain head's hash");
      } else {
        return ChainVerification.intact(checked, headSequence);
      }
      return broken;
    }

    private boolean fail(long sequence, String problem) {
      broken = ChainVerification.broken(checked, headSequence, sequence, problem);
      return false;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
