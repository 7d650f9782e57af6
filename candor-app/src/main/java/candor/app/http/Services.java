package candor.app.http;

import candor.core.access.Operations;
import candor.core.audit.CheckpointSigner;
import candor.vision.image.ImageLoader;
import java.util.Objects;

/**
 * What the HTTP API calls: the core's operations (every rule is enforced there), the image loader
 * whose limits uploads are checked against, and the metrics.
 *
 * @param operations the core's entry point
 * @param loader the image loader, for the upload limits
 * @param metrics the Prometheus registry
 * @param throttle the failed-authentication counter, throttle and aggregate audit
 * @param checkpointSigner the key that signs audit checkpoints on request, or {@code null} if the
 *     service has none
 */
record Services(Operations operations, ImageLoader loader, Metrics metrics,
    SignInThrottle throttle, CheckpointSigner checkpointSigner) {
  Services {
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(throttle, "throttle");
  }
}
