package candor.core.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Valid component values for the model's tests. */
final class ModelFixtures {

  static final String SHA = "ab".repeat(32);
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private ModelFixtures() {}

  static float[] unit(int dimension) {
    float[] v = new float[dimension];
    v[0] = 0.6f;
    v[dimension - 1] = 0.8f;
    return v;
  }

  static float[] landmarks() {
    return new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  }

  static FaceDraft draft(float[] template) {
    return new FaceDraft(UUID.fromString("00000000-0000-0000-0000-000000000001"),
        new BoundingBox(1, 2, 30, 40), landmarks(), new Quality(0.9, List.of()), "m1", template,
        null, null);
  }
}
