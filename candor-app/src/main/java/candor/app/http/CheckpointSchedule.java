package candor.app.http;

import candor.core.audit.AuditCheckpoints;
import candor.core.audit.AuditLog;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs audit checkpoints on the service's schedule: once at start and then every interval, each
 * time only if the log moved since the last checkpoint (an idle log needs no new receipt; the
 * last one still covers it), and hands each receipt to the optional hook.
 *
 * <p>The hook is a command run with the receipt file's path appended as its last argument (the
 * command is split at spaces, no shell), so that receipts reach another server, a Git repository
 * or a mailbox as soon as they are signed. The file lies in a temporary folder of its own, named
 * {@code receipt-<sequence>.json}, and is deleted when the hook exits (it gets {@link
 * #HOOK_TIMEOUT}); a failing hook is logged and changes nothing else.
 *
 * <p>Runs on one daemon thread of its own; {@link #close()} stops it, interrupting a checkpoint
 * or hook in progress.
 */
final class CheckpointSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointSchedule.class);

  /** How long a hook may run before it is killed. */
  static final Duration HOOK_TIMEOUT = Duration.ofMinutes(1);

  private final AuditCheckpoints checkpoints;
  private final CheckpointSigner signer;
  private final List<String> hook;
  private final ScheduledExecutorService executor;

  private CheckpointSchedule(AuditCheckpoints checkpoints, CheckpointSigner signer,
      List<String> hook) {
    this.checkpoints = checkpoints;
    this.signer = signer;
    this.hook = hook;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "candor-checkpoint");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts signing checkpoints of a log.
   *
   * @param log the audit log
   * @param config the key, interval and hook; its signer must not be null
   * @return the running schedule; the caller closes it before the store
   */
  static CheckpointSchedule start(AuditLog log, CandorServer.Checkpointing config) {
    CheckpointSchedule schedule = new CheckpointSchedule(
        new AuditCheckpoints(log, Clock.systemUTC()), config.signer(), config.hook());
    schedule.executor.scheduleAtFixedRate(schedule::runOnce, 0, config.every().toMillis(),
        TimeUnit.MILLISECONDS);
    return schedule;
  }

  /** Signs a checkpoint if the log moved, and publishes it; logs instead of throwing. */
  private void runOnce() {
    try {
      if (checkpoints.headMovedSinceLatest() == false) {
        return;
      }
      CheckpointReceipt receipt =
          checkpoints.sign(signer, AuditCheckpoints.SYSTEM_ACTOR, Map.of());
      LOG.info("Signed audit checkpoint of entry {} with key {}", receipt.sequence(),
          receipt.keyId());
      if (hook.isEmpty() == false) {
        publish(receipt);
      }
    } catch (RuntimeException e) {
      LOG.error("Signing an audit checkpoint failed; the next interval tries again", e);
    }
  }

  private void publish(CheckpointReceipt receipt) {
    Path dir = null;
    Path file = null;
    Process process = null;
    try {
      dir = Files.createTempDirectory("candor-receipt-");
      file = dir.resolve("receipt-" + receipt.sequence() + ".json");
      Files.writeString(file, receipt.toJson(), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(hook);
      command.add(file.toString());
      process = new ProcessBuilder(command).inheritIO().start();
      if (process.waitFor(HOOK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) == false) {
        process.destroyForcibly();
        LOG.warn("The checkpoint hook {} ran longer than {} and was killed", hook, HOOK_TIMEOUT);
      } else if (process.exitValue() != 0) {
        LOG.warn("The checkpoint hook {} exited with {} for the receipt of entry {}", hook,
            process.exitValue(), receipt.sequence());
      }
    } catch (IOException e) {
      LOG.warn("The checkpoint hook {} could not run: {}", hook, e.getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly(); // the server is stopping
      Thread.currentThread().interrupt();
    } finally {
      deleteQuietly(file);
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.debug("Could not delete {}", path, e);
    }
  }

  /** Stops the schedule and waits (up to the server's stop timeout) for a run to end. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (executor.awaitTermination(CandorServer.STOP_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS) == false) {
        LOG.warn("An audit checkpoint was still running when the server stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
