package candor.bench.core;

import candor.bench.BadOptions;
import candor.core.audit.AuditCheckpoints;
import candor.core.audit.AuditEvent;
import candor.core.audit.AuditLog;
import candor.core.audit.ChainVerification;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointSigner;
import candor.core.audit.ReceiptVerification;
import candor.core.audit.ReceiptVerifier;
import candor.core.store.StoreConfig;
import candor.core.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Wall time of the audit chain's checks on a SQLite log of {@code --entries} search entries:
 * recomputing the chain ({@code audit verify}), checking it against a receipt ({@code audit
 * verify --receipt}) and signing a checkpoint (which recomputes it first). Each is run {@code
 * --runs} times; the log is built in a new temporary folder (or {@code --dir}, which must not
 * exist) and left there.
 */
public final class AuditChainBenchmark {

  private static final String USAGE =
      "usage: AuditChainBenchmark --entries N [--runs 3] [--dir NEW_DIR]";
  private static final int BATCH = 10_000;

  private AuditChainBenchmark() {}

  record Options(int entries, int runs, Path dir) {}

  static Options parse(String[] args) {
    int entries = -1;
    int runs = 3;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--entries" -> entries = positive("--entries", value);
        case "--runs" -> runs = positive("--runs", value);
        case "--dir" -> dir = Path.of(required("--dir", value));
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
      i++;
    }
    if (entries < 1) {
      throw new IllegalArgumentException("--entries N is required");
    }
    if (dir != null && Files.exists(dir)) {
      throw new IllegalArgumentException("--dir " + dir + " exists; name a new folder");
    }
    return new Options(entries, runs, dir);
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(required(option, value));
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects a positive integer, got '" + value
          + "'");
    }
  }

  /**
   * Builds the log and prints one line per run.
   *
   * @param args the options, see the class comment
   * @throws Exception if the store fails
   */
  public static void main(String[] args) throws Exception {
    Options options = BadOptions.parseOrExit(args, AuditChainBenchmark::parse, USAGE);
    Path dir = options.dir() != null ? Files.createDirectories(options.dir())
        : Files.createTempDirectory("candor-audit-bench");
    try (JdbcStore store = JdbcStore.open(StoreConfig.sqlite(dir.resolve("data")))) {
      AuditLog log = store.audit();
      for (int done = 0; done < options.entries(); done += BATCH) {
        int n = Math.min(BATCH, options.entries() - done);
        store.inTransaction(tx -> {
          for (int i = 0; i < n; i++) {
            log.append(tx, new AuditEvent("investigator (key k0123456789ab)", "search.run",
                "search:" + UUID.randomUUID(), Map.of("purpose", "missing-person",
                    "case", "C-2026-0042", "k", 10, "collections", List.of("archive"))));
          }
          return null;
        });
      }
      CheckpointSigner signer =
          CheckpointSigner.generate(dir.resolve("keys").resolve("audit.key"), dir.resolve("data"));
      AuditCheckpoints checkpoints = new AuditCheckpoints(log, Clock.systemUTC());
      CheckpointReceipt receipt = checkpoints.sign(signer, "bench", Map.of());
      System.out.println("log of " + log.headSequence() + " entries in " + dir);
      for (int run = 1; run <= options.runs(); run++) {
        long t0 = System.nanoTime();
        ChainVerification chain = log.verify();
        long t1 = System.nanoTime();
        ReceiptVerification anchored =
            ReceiptVerifier.verify(log, List.of(receipt), Optional.of(signer.keyId()));
        long t2 = System.nanoTime();
        checkpoints.signHead(signer);
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "run %d: verify %.2f s, verify with a receipt %.2f s,"
            + " sign a checkpoint %.2f s (intact: %s, %s)%n", run, (t1 - t0) / 1e9,
            (t2 - t1) / 1e9, (t3 - t2) / 1e9, chain.isIntact(), anchored.isIntact());
      }
    }
  }
}
