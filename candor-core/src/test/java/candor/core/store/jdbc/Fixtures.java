package candor.core.store.jdbc;

import candor.core.model.BoundingBox;
import candor.core.model.CollectionInfo;
import candor.core.model.FaceDraft;
import candor.core.model.LawfulBasis;
import candor.core.model.Media;
import candor.core.model.Quality;
import candor.core.model.Subject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Builds valid domain records from a seeded random source, so a failure can be replayed. */
final class Fixtures {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00.123456Z");
  static final LocalDate TODAY = LocalDate.parse("2026-11-26");

  private final Random random;

  Fixtures(long seed) {
    this.random = new Random(seed);
  }

  static CollectionInfo collection(String name) {
    return new CollectionInfo(name, "Test gallery " + name,
        LawfulBasis.authority("Test Act 2026 s.1"), Period.ofYears(5), true, NOW);
  }

  Subject subject(String collection) {
    UUID id = new UUID(random.nextLong(), random.nextLong());
    String ref = "case-" + Integer.toUnsignedString(random.nextInt());
    return new Subject(id, collection, ref, "Person " + ref,
        LawfulBasis.consent("form-" + ref), TODAY.plusYears(5), NOW);
  }

  Media media(String collection) {
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    return new Media(HexFormat.of().formatHex(digest), collection,
        "file:///photos/" + random.nextInt(1_000_000) + ".jpg", "tester", NOW,
        1_000 + random.nextInt(1_000_000), 640, 480, TODAY.plusYears(5));
  }

  FaceDraft face(UUID subjectId) {
    return new FaceDraft(subjectId,
        new BoundingBox(random.nextFloat() * 100, random.nextFloat() * 100, 64.5f, 80.25f),
        landmarks(), new Quality(random.nextDouble(), List.of("blurred")), "test-model-v1",
        template(512), null, null);
  }

  float[] template(int dimension) {
    float[] v = new float[dimension];
    double sum = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
      sum += v[i] * v[i];
    }
    float norm = (float) Math.sqrt(sum);
    for (int i = 0; i < dimension; i++) {
      v[i] /= norm;
    }
    return v;
  }

  private float[] landmarks() {
    float[] points = new float[10];
    for (int i = 0; i < points.length; i++) {
      points[i] = random.nextFloat() * 640;
    }
    return points;
  }
}
