package candor.core.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import candor.index.SearchHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ranking on three-dimensional templates chosen so that the best face and the fused template
 * disagree. Probe (1, 0, 0). Subject A: faces at 0.9 and 0.5 that lean the same way, so their
 * mean stays at 0.73. Subject B: two faces at 0.8 leaning opposite ways, whose mean is the probe
 * itself (1.0).
 */
class CandidateRankingTest {
  private static final float[] PROBE = {1, 0, 0};
  private static final UUID A = new UUID(0, 1);
  private static final UUID B = new UUID(0, 2);
  private static final UUID C = new UUID(0, 3);
  private static final UUID GONE = new UUID(0, 4);
  // GONE was erased after the index answered: the store no longer has its faces.
  private static final Map<UUID, List<float[]>> TEMPLATES = Map.of(
      A, List.of(unit(0.9f, 0.436f, 0), unit(0.5f, 0.866f, 0)),
      B, List.of(unit(0.8f, 0.6f, 0), unit(0.8f, -0.6f, 0)),
      C, List.of(unit(0.31f, 0, 0.95f)));

  private static final List<SearchHit> HITS = List.of(
      hit(6, 0.95f), // erased after the index answered: absent from the owners
      hit(1, 0.9f), // A
      hit(5, 0.85f), // unidentified
      hit(2, 0.8f), // B
      hit(3, 0.8f), // B
      hit(4, 0.5f), // A
      hit(7, 0.3f), // C, one face
      hit(8, 0.2f)); // GONE: a subject erased since, its templates gone
  private static final Map<Long, Optional<UUID>> OWNERS = Map.of(
      1L, Optional.of(A), 2L, Optional.of(B), 3L, Optional.of(B), 4L, Optional.of(A),
      5L, Optional.empty(), 7L, Optional.of(C), 8L, Optional.of(GONE));

  /** The store's answer for these subjects, counting how often it is asked. */
  private final List<Set<UUID>> asked = new ArrayList<>();

  private Map<UUID, List<float[]>> templatesOf(Set<UUID> subjects) {
    asked.add(Set.copyOf(subjects));
    Map<UUID, List<float[]>> found = new HashMap<>(TEMPLATES);
    found.keySet().retainAll(subjects);
    return found;
  }

  @Test
  void a_subject_search_ranks_each_subject_once_by_their_fused_template() {
    List<CandidateRanking.Ranked> ranked =
        CandidateRanking.rank(HITS, OWNERS, SearchMode.SUBJECT, 10, PROBE, this::templatesOf);

    // the subjects' templates are read once, for all subjects among the hits
    assertThat(asked).containsExactly(Set.of(A, B, C, GONE));

    assertThat(ranked).extracting(r -> r.face().id()).containsExactly(2L, 5L, 1L, 7L, 8L);
    assertThat(ranked).extracting(CandidateRanking.Ranked::subject)
        .containsExactly(B, null, A, C, GONE);
    assertThat(ranked).extracting(CandidateRanking.Ranked::matchedFaces)
        .containsExactly(2, 1, 2, 1, 1);
    assertThat(ranked.get(0).subjectScore()).isCloseTo(1.0f, within(1e-5f));
    assertThat(ranked.get(1).subjectScore()).isEqualTo(0.85f);
    assertThat(ranked.get(2).subjectScore()).isCloseTo(0.7325f, within(1e-3f));
    // One face, or none left: the face's own similarity, as the index computed it.
    assertThat(ranked.get(3).subjectScore()).isEqualTo(0.3f);
    assertThat(ranked.get(4).subjectScore()).isEqualTo(0.2f);
  }

  @Test
  void k_cuts_the_list_after_ranking() {
    assertThat(CandidateRanking.rank(HITS, OWNERS, SearchMode.SUBJECT, 2, PROBE, this::templatesOf))
        .extracting(CandidateRanking.Ranked::subject).containsExactly(B, null);
  }

  @Test
  void a_face_search_lists_faces_by_their_own_similarity() {
    List<CandidateRanking.Ranked> ranked = CandidateRanking.rank(HITS, OWNERS, SearchMode.FACE, 4,
        PROBE, subjects -> {
          throw new AssertionError("a face search reads no subject's templates");
        });

    assertThat(ranked).extracting(r -> r.face().id()).containsExactly(1L, 5L, 2L, 3L);
    assertThat(ranked).allSatisfy(r -> {
      assertThat(r.subjectScore()).isEqualTo(r.face().score());
      assertThat(r.matchedFaces()).isEqualTo(1);
    });
  }

  private static SearchHit hit(long id, float score) {
    return new SearchHit(id, score, "people");
  }

  private static float[] unit(float x, float y, float z) {
    float norm = (float) Math.sqrt(x * x + y * y + z * z);
    return new float[] {x / norm, y / norm, z / norm};
  }
}
