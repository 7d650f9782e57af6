package candor.app.http;

import candor.core.access.IssuedKey;
import candor.core.access.Operations;
import candor.core.audit.CheckpointSigner;
import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.policy.PolicyConfig;
import candor.core.retention.RetentionSweeper;
import candor.vision.FacePipeline;
import candor.vision.image.ImageLoader;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Candor service: the gallery opened on a data directory, the core's operations, the
 * HTTP API on a port, the daily retention sweep, and the signing of audit checkpoints when it has
 * a signing key.
 *
 * <p>On first start (no API key exists) it issues an admin key, which {@link #firstAdminKey()}
 * returns once for the caller to show; only its hash is stored. {@link #close()} stops accepting
 * requests, lets running ones finish (up to the stop timeout), stops the sweep and the checkpoints
 * and closes the gallery. The caller closes the face pipeline it passed.
 */
public final class CandorServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CandorServer.class);

  /** How long {@link #close()} waits for requests in flight. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How the server runs.
   *
   * @param dataDir the data directory (SQLite database, index, crops)
   * @param host the address to listen on, such as {@code 127.0.0.1}
   * @param port the port, or 0 for any free one
   * @param policy the deployment's policy choices
   * @param retentionEvery how often to run the retention sweep, or {@code null} never (the first
   *     run comes one minute after start)
   * @param failedAuthPerMinute how many failed authentications a client address may make in a
   *     minute before it gets 429 (at least 1)
   * @param checkpoints how the server signs audit checkpoints
   */
  public record Config(Path dataDir, String host, int port, PolicyConfig policy,
      Duration retentionEvery, int failedAuthPerMinute, Checkpointing checkpoints) {
    /**
     * Validates.
     *
     * @throws NullPointerException if the directory, host, policy or checkpoints is null
     * @throws IllegalArgumentException if the port is outside 0 to 65535
     */
    public Config {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(checkpoints, "checkpoints");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      if (failedAuthPerMinute < 1) {
        throw new IllegalArgumentException(
            "failedAuthPerMinute must be at least 1, got " + failedAuthPerMinute);
      }
    }

    /**
     * A configuration with the default throttle of failed authentications ({@value
     * SignInThrottle#MAX_FAILURES} a minute per address) that signs no audit checkpoint.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Config(Path dataDir, String host, int port, PolicyConfig policy,
        Duration retentionEvery) {
      this(dataDir, host, port, policy, retentionEvery, SignInThrottle.MAX_FAILURES,
          Checkpointing.NONE);
    }

    /**
     * A configuration with a throttle of failed authentications that signs no audit checkpoint.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Config(Path dataDir, String host, int port, PolicyConfig policy,
        Duration retentionEvery, int failedAuthPerMinute) {
      this(dataDir, host, port, policy, retentionEvery, failedAuthPerMinute, Checkpointing.NONE);
    }

    /**
     * A configuration with the default throttle of failed authentications that signs checkpoints.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Config(Path dataDir, String host, int port, PolicyConfig policy,
        Duration retentionEvery, Checkpointing checkpoints) {
      this(dataDir, host, port, policy, retentionEvery, SignInThrottle.MAX_FAILURES, checkpoints);
    }
  }

  /**
   * How the server signs audit checkpoints (see {@link CheckpointSchedule}).
   *
   * @param signer the key to sign with, kept outside the data directory; {@code null} to sign
   *     none (then {@code POST /v1/audit/checkpoint} answers 409)
   * @param every how often to sign one when the log moved since the last (also once at start)
   * @param hook a command to run with each scheduled receipt's file path appended (split at
   *     spaces, no shell), or empty for none; copied
   */
  public record Checkpointing(CheckpointSigner signer, Duration every, List<String> hook) {

    /** The default interval: an hour. */
    public static final Duration DEFAULT_EVERY = Duration.ofHours(1);

    /** No signing key: no checkpoints. */
    public static final Checkpointing NONE = new Checkpointing(null, DEFAULT_EVERY, List.of());

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if the interval or hook is null
     * @throws IllegalArgumentException if the interval is under a second, or a hook is given
     *     without a signer
     */
    public Checkpointing {
      Objects.requireNonNull(every, "every");
      hook = List.copyOf(hook);
      if (every.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("the checkpoint interval must be at least 1s, got "
            + every);
      }
      if (signer == null && hook.isEmpty() == false) {
        throw new IllegalArgumentException("a checkpoint hook needs a signing key");
      }
    }
  }

  private final Gallery gallery;
  private final Operations operations;
  private final Javalin app;
  private final List<ApiRoute> routes;
  private final ScheduledExecutorService sweeper;
  private final SignInThrottle throttle;
  private final CheckpointSchedule checkpoints;
  private final Optional<IssuedKey> firstAdmin;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CandorServer(Gallery gallery, Operations operations, Javalin app, List<ApiRoute> routes,
      ScheduledExecutorService sweeper, SignInThrottle throttle, CheckpointSchedule checkpoints,
      Optional<IssuedKey> firstAdmin) {
    this.gallery = gallery;
    this.operations = operations;
    this.app = app;
    this.routes = routes;
    this.sweeper = sweeper;
    this.throttle = throttle;
    this.checkpoints = checkpoints;
    this.firstAdmin = firstAdmin;
  }

  /**
   * Opens the gallery and starts the server.
   *
   * @param config where and how
   * @param pipeline the face engine; the caller closes it after this server
   * @param loader the image loader, whose limits apply to uploads
   * @return the running server
   */
  public static CandorServer start(Config config, FacePipeline pipeline, ImageLoader loader) {
    Objects.requireNonNull(config, "config");
    return start(config, GalleryConfig.defaults(config.dataDir()), pipeline, loader);
  }

  /**
   * Opens the gallery with the given store and index (PostgreSQL, SolrCloud) and starts the
   * server.
   *
   * @param config where and how; its data directory must be the gallery's
   * @param galleryConfig the store and index of the gallery
   * @param pipeline the face engine; the caller closes it after this server
   * @param loader the image loader, whose limits apply to uploads
   * @return the running server
   * @throws IllegalArgumentException if the two data directories differ
   */
  public static CandorServer start(Config config, GalleryConfig galleryConfig,
      FacePipeline pipeline, ImageLoader loader) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(galleryConfig, "galleryConfig");
    if (galleryConfig.dataDir().equals(config.dataDir()) == false) {
      throw new IllegalArgumentException("the gallery's data directory " + galleryConfig.dataDir()
          + " differs from the server's " + config.dataDir());
    }
    deleteStaleUploads(config.dataDir());
    Gallery gallery = Gallery.open(galleryConfig);
    try {
      Operations ops = new Operations(gallery, pipeline, loader, config.policy(),
          Clock.systemUTC());
      Optional<IssuedKey> first = ops.keys().createFirstAdmin("system:serve");
      SignInThrottle throttle = new SignInThrottle(ops.keys(), Clock.systemUTC(),
          config.failedAuthPerMinute());
      Services services = new Services(ops, loader, new Metrics(gallery), throttle,
          config.checkpoints().signer());
      java.util.concurrent.atomic.AtomicReference<List<ApiRoute>> routes =
          new java.util.concurrent.atomic.AtomicReference<>();
      Javalin app = Javalin.create(c -> {
        routes.set(HttpApi.configure(c, services));
        c.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT.toMillis()));
      });
      app.start(config.host(), config.port());
      try {
        String shown = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        ServerMarker.write(config.dataDir(), "http://" + shown + ":" + app.port() + "/");
      } catch (IOException e) {
        LOG.warn("Could not note the running server in {}", config.dataDir(), e);
      }
      ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "candor-schedule");
        t.setDaemon(true);
        return t;
      });
      long window = SignInThrottle.WINDOW.toSeconds();
      sweeper.scheduleAtFixedRate(() -> {
        try {
          throttle.flush();
        } catch (RuntimeException e) {
          LOG.error("Could not audit failed authentications; they are kept for the next try", e);
        }
      }, window, window, TimeUnit.SECONDS);
      if (config.retentionEvery() != null) {
        sweeper.scheduleAtFixedRate(() -> {
          try {
            ops.retention().run(RetentionSweeper.ACTOR);
          } catch (RuntimeException e) {
            LOG.error("The retention sweep failed; it runs again at the next interval", e);
          }
        }, 60, config.retentionEvery().toSeconds(), TimeUnit.SECONDS);
      }
      CheckpointSchedule checkpoints = config.checkpoints().signer() == null ? null
          : CheckpointSchedule.start(gallery.store().audit(), config.checkpoints());
      return new CandorServer(gallery, ops, app, routes.get(), sweeper, throttle, checkpoints,
          first);
    } catch (RuntimeException e) {
      gallery.close();
      throw e;
    }
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return app.port();
  }

  /**
   * Returns the admin key issued on first start, with its token; empty on later starts.
   *
   * @return the key, to print once
   */
  public Optional<IssuedKey> firstAdminKey() {
    return firstAdmin;
  }

  /**
   * Returns the core operations the server calls.
   *
   * @return the operations
   */
  public Operations operations() {
    return operations;
  }

  /** The failed-authentication throttle, for tests to flush its aggregate audit. */
  SignInThrottle throttle() {
    return throttle;
  }

  /** The routes registered, for tests and documentation. */
  List<ApiRoute> routes() {
    return routes;
  }

  /**
   * Stops the server gracefully (requests in flight finish, up to {@link #STOP_TIMEOUT}), stops
   * the sweep, then closes the gallery (committing the index). Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) == false) {
      return;
    }
    try {
      app.stop();
    } finally {
      sweeper.shutdownNow();
      try {
        throttle.flush();
      } catch (RuntimeException e) {
        LOG.error("Could not audit the last failed authentications", e);
      }
      if (checkpoints != null) {
        checkpoints.close();
      }
      gallery.close();
      ServerMarker.remove(gallery.dataDir());
    }
  }

  /** Deletes enrolment uploads a crash left under {@code tmp/}: face photos must not linger. */
  private static void deleteStaleUploads(Path dataDir) {
    Path tmp = dataDir.resolve("tmp");
    if (Files.isDirectory(tmp) == false) {
      return;
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        if (f.equals(tmp) == false) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not delete stale uploads under {}", tmp, e);
    }
  }
}
