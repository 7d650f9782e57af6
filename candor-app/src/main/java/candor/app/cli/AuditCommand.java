package candor.app.cli;

import candor.core.audit.AuditCheckpoints;
import candor.core.audit.ChainVerification;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointSigner;
import candor.core.audit.ReceiptCheck;
import candor.core.audit.ReceiptVerification;
import candor.core.audit.ReceiptVerifier;
import candor.core.policy.Action;
import candor.core.policy.PolicyDecision;
import candor.core.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor audit}: the hash-chained audit log, and its signed checkpoints. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Check the append-only, hash-chained audit log, and anchor it outside the",
        "database with signed checkpoints (receipts)."},
    subcommands = {AuditCommand.Verify.class, AuditCommand.Keygen.class,
        AuditCommand.Checkpoint.class})
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /**
   * {@code candor audit verify [--receipt FILE ...] [--trust-key KEY]}: exit 0 when the chain is
   * intact and extends every receipt; 1 naming the first broken entry and each failed receipt.
   */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Recompute the audit chain (hash_n = SHA-256(hash_n-1 || entry n)) and",
          "name the first broken entry. With receipts, also prove that the log still extends",
          "each one, or name the attack: truncated log, rewritten chain, emptied log, rolled",
          "back, forged receipt, untrusted key. Exit 0 when everything verifies, 1 if not."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;

    @Option(names = "--receipt", paramLabel = "FILE", arity = "1..*",
        description = "Checkpoint receipts to check the log against (from `candor audit"
            + " checkpoint` or GET /v1/audit/checkpoint); repeat or list several.")
    List<Path> receipts = new ArrayList<>();

    @Option(names = "--trust-key", paramLabel = "KEY_ID_OR_PUBLIC_KEY_FILE",
        description = "The key every receipt must be signed with: its key_id (64 hex digits) or"
            + " its public key file (FILE.pub from `candor audit keygen`). Without it, all"
            + " receipts must share one key, which is shown.")
    String trustKey;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Optional<String> trusted = Optional.ofNullable(trustKey).map(Verify::trustedKeyId);
      List<CheckpointReceipt> parsed = new ArrayList<>();
      for (Path file : receipts) {
        parsed.add(read(file));
      }
      if (parsed.isEmpty() && trusted.isPresent()) {
        throw new IllegalArgumentException("--trust-key needs at least one --receipt FILE");
      }
      ReceiptVerification result;
      try (JdbcStore store = gallery.openStore(data)) {
        result = ReceiptVerifier.verify(store.audit(), parsed, trusted);
      }
      ChainVerification chain = result.chain();
      if (chain.isIntact()) {
        out.println("audit chain intact: " + chain.entriesChecked() + " entries, head at entry "
            + chain.headSequence());
      } else {
        out.println("audit chain BROKEN at entry " + chain.firstBroken().getAsLong() + ": "
            + chain.problem().orElseThrow() + " (" + chain.entriesChecked()
            + " entries checked, head at entry " + chain.headSequence() + ")");
      }
      for (int i = 0; i < parsed.size(); i++) {
        ReceiptCheck check = result.receipts().get(i);
        out.println("receipt " + receipts.get(i) + " (entry " + check.receipt().sequence()
            + ", signed " + check.receipt().time() + "): "
            + (check.verified() ? "verified, " : check.status().name() + ": ") + check.detail());
      }
      result.keyId().ifPresent(key -> out.println("receipts held to key " + key + (result
          .keyTrusted() ? " (trusted)" : " (the first receipt's; pass --trust-key to pin it)")));
      if (parsed.isEmpty() == false) {
        long failed = result.receipts().stream().filter(c -> c.verified() == false).count();
        out.println(result.isIntact()
            ? "audit log VERIFIED against " + parsed.size() + " receipt"
                + (parsed.size() == 1 ? "" : "s")
            : "audit log NOT VERIFIED: " + (chain.isIntact() ? "" : "the chain is broken, ")
                + failed + " of " + parsed.size() + " receipts failed");
      }
      out.flush();
      return result.isIntact() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static CheckpointReceipt read(Path file) throws IOException {
      String text = new String(DataOptions.readInput(file), StandardCharsets.UTF_8);
      try {
        return CheckpointReceipt.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("receipt " + file + ": " + e.getMessage(), e);
      }
    }

    private static String trustedKeyId(String value) {
      if (value.matches("[0-9a-fA-F]{64}")) {
        return value.toLowerCase(java.util.Locale.ROOT);
      }
      Path file = Path.of(value);
      if (Files.isRegularFile(file) == false) {
        throw new IllegalArgumentException("--trust-key expects a key_id (64 hex digits) or a"
            + " public key file, got '" + value + "' (no such file)");
      }
      return CheckpointSigner.publicKeyId(file);
    }
  }

  /** {@code candor audit keygen --out FILE}: a new Ed25519 signing key, outside the data dir. */
  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {"Create the Ed25519 key that signs audit checkpoints: FILE (PKCS#8 PEM,",
          "mode 600) and FILE.pub (the public key, for whoever verifies receipts). Keep FILE",
          "outside the data directory and away from the database's backups. Never overwrites."})
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the private key; the public key goes to FILE.pub.")
    Path out;

    @Override
    public Integer call() {
      CheckpointSigner signer = CheckpointSigner.generate(out, data.data());
      PrintWriter w = spec.commandLine().getOut();
      w.println("signing key: " + out + " (keep it outside the data directory and its backups)");
      w.println("public key:  " + CheckpointSigner.publicKeyFile(out)
          + " (give it to whoever verifies receipts)");
      w.println("key_id:      " + signer.keyId());
      w.flush();
      return ExitCodes.OK;
    }
  }

  /**
   * {@code candor audit checkpoint --signing-key FILE --out FILE}: signs the chain head, writes
   * the receipt, then appends the {@code audit.checkpoint} entry.
   */
  @Command(name = "checkpoint", mixinStandardHelpOptions = true,
      description = {"Recompute the audit chain, sign its head with the signing key and write",
          "the receipt to FILE (never overwritten), then record it in the log as",
          "audit.checkpoint. Keep receipts outside Candor: `candor audit verify --receipt`",
          "later proves the log still extends them."})
  static final class Checkpoint implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;

    @Option(names = "--signing-key", required = true, paramLabel = "FILE",
        description = "The private key from `candor audit keygen`, outside the data directory.")
    Path signingKey;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the receipt (JSON); must not exist.")
    Path out;

    @Override
    public Integer call() {
      CheckpointSigner signer = CheckpointSigner.load(signingKey, data.data());
      if (Files.exists(out)) {
        throw new IllegalArgumentException(out + " exists: refusing to overwrite a receipt");
      }
      String actor = KeysCommand.operator();
      CheckpointReceipt receipt;
      try (JdbcStore store = gallery.openStore(data)) {
        AuditCheckpoints checkpoints = new AuditCheckpoints(store.audit(), Clock.systemUTC());
        receipt = checkpoints.signHead(signer);
        // The receipt is kept before the log records it: no entry for a receipt never written.
        write(receipt);
        checkpoints.record(receipt, actor, Map.of("policy",
            PolicyDecision.operator(actor, Action.AUDIT_CHECKPOINT).auditDetails()));
      }
      PrintWriter w = spec.commandLine().getOut();
      w.println("signed checkpoint of entry " + receipt.sequence() + " (head hash "
          + receipt.headHash() + ") with key " + receipt.keyId());
      w.println("receipt written to " + out + "; recorded in the audit log as "
          + AuditCheckpoints.ACTION);
      w.flush();
      return ExitCodes.OK;
    }

    private void write(CheckpointReceipt receipt) {
      try {
        Files.writeString(out, receipt.toJson(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(out + " exists: refusing to overwrite a receipt", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the receipt " + out + ": " + e, e);
      }
    }
  }
}
