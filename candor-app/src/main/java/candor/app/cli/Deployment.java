package candor.app.cli;

import candor.core.policy.PolicyConfig;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The store and index a data directory uses, recorded in it at first use ({@value #FILE_NAME}),
 * so that every later command, {@code keys} and {@code audit verify} included, opens the same
 * database and index, and none can silently open another. It never holds a password: a
 * PostgreSQL password comes from the environment or a file at each start.
 *
 * @param store {@code sqlite} or {@code postgres}
 * @param jdbcUrl the PostgreSQL URL (without a password), or {@code null} for SQLite
 * @param index {@code lucene}, {@code exact} or {@code solr}
 * @param solrZk the SolrCloud ZooKeeper hosts and chroot, or {@code null}
 * @param solrCollection the Solr collection, or {@code null}
 * @param solrShards shards of a new Solr collection, or {@code null}
 * @param solrReplicas replicas of a new Solr collection, or {@code null}
 * @param purposes the search purposes the deployment allows (set by {@code serve --purpose}),
 *     or {@code null} for the whole closed list
 * @param reviewThreshold the estimated false match rate above which a candidate is weak (set by
 *     {@code serve --review-threshold}), or {@code null} for the default
 * @param probeRetention how long a probe is kept for review at most, ISO-8601 (set by {@code
 *     serve --probe-retention}), or {@code null} for the default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Deployment(
    @JsonProperty("store") String store,
    @JsonProperty("jdbc_url") String jdbcUrl,
    @JsonProperty("index") String index,
    @JsonProperty("solr_zk") String solrZk,
    @JsonProperty("solr_collection") String solrCollection,
    @JsonProperty("solr_shards") Integer solrShards,
    @JsonProperty("solr_replicas") Integer solrReplicas,
    @JsonProperty("purposes") List<String> purposes,
    @JsonProperty("review_threshold") Double reviewThreshold,
    @JsonProperty("probe_retention") String probeRetention) {

  /** The file in the data directory that records the deployment. */
  static final String FILE_NAME = "deployment.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Returns a copy with these policy choices.
   *
   * @param allowed the purposes, or {@code null} for the whole closed list
   * @param threshold the review threshold, or {@code null} for the default
   * @param retention the probe retention (ISO-8601), or {@code null} for the default
   * @return the new deployment
   */
  Deployment withPolicy(List<String> allowed, Double threshold, String retention) {
    return new Deployment(store, jdbcUrl, index, solrZk, solrCollection, solrShards, solrReplicas,
        allowed == null ? null : List.copyOf(allowed), threshold, retention);
  }

  /**
   * Returns the policy choices recorded: the purpose list, the review threshold, the probe
   * retention; the defaults for what is not recorded.
   *
   * @return the policy configuration
   * @throws IllegalArgumentException if a recorded choice is invalid
   */
  PolicyConfig policy() {
    PolicyConfig policy = PolicyConfig.defaults();
    if (purposes != null) {
      policy = policy.withPurposes(purposes);
    }
    if (reviewThreshold != null) {
      policy = policy.withReviewThreshold(reviewThreshold);
    }
    if (probeRetention != null) {
      policy = policy.withProbeRetention(java.time.Duration.parse(probeRetention));
    }
    return policy;
  }

  /**
   * Reads the deployment recorded in a data directory.
   *
   * @param dataDir the data directory
   * @return the recorded deployment, or empty if none is recorded yet
   * @throws UncheckedIOException if the file exists but cannot be read or parsed
   */
  static Optional<Deployment> read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file) == false) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Deployment.class));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the recorded deployment ("
          + e.getMessage() + ")", e);
    }
  }

  /**
   * Records this deployment in a data directory (atomically: a crash leaves the old file or the
   * new one).
   *
   * @param dataDir the data directory, created if missing
   */
  void write(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, dataDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(dataDir.resolve(FILE_NAME)
          + ": cannot record the deployment (" + e.getMessage() + ")", e);
    }
  }
}
