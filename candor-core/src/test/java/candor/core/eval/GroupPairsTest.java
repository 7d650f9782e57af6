package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins the pair enumeration against pairs counted by hand, and the sample above the cap. */
class GroupPairsTest {

  /** Three identities with 2, 3 and 1 images. */
  private static final int[] SIZES = {2, 3, 1};

  private static List<List<Integer>> genuine(int[] sizes, long cap, long seed) {
    List<List<Integer>> pairs = new ArrayList<>();
    GroupPairs.genuine(sizes, cap, seed, (ia, a, ib, b) -> pairs.add(List.of(ia, a, ib, b)));
    return pairs;
  }

  private static List<List<Integer>> impostor(int[] sizes, long cap, long seed) {
    List<List<Integer>> pairs = new ArrayList<>();
    GroupPairs.impostor(sizes, cap, seed, (ia, a, ib, b) -> pairs.add(List.of(ia, a, ib, b)));
    return pairs;
  }

  @Test
  void enumerates_every_genuine_pair_within_each_identity() {
    // identity 0: one pair; identity 1: three; identity 2 (one image): none
    assertThat(GroupPairs.genuineCount(SIZES)).isEqualTo(4);
    assertThat(genuine(SIZES, 100, 1)).containsExactly(
        List.of(0, 0, 0, 1),
        List.of(1, 0, 1, 1), List.of(1, 0, 1, 2), List.of(1, 1, 1, 2));
  }

  @Test
  void enumerates_every_impostor_pair_across_identities_of_the_group() {
    // 2 x 3 + 2 x 1 + 3 x 1
    assertThat(GroupPairs.impostorCount(SIZES)).isEqualTo(11);
    assertThat(impostor(SIZES, 100, 1)).containsExactly(
        List.of(0, 0, 1, 0), List.of(0, 0, 1, 1), List.of(0, 0, 1, 2),
        List.of(0, 1, 1, 0), List.of(0, 1, 1, 1), List.of(0, 1, 1, 2),
        List.of(0, 0, 2, 0), List.of(0, 1, 2, 0),
        List.of(1, 0, 2, 0), List.of(1, 1, 2, 0), List.of(1, 2, 2, 0));
  }

  @Test
  void a_group_of_one_identity_has_no_impostor_pair_and_single_images_no_genuine_pair() {
    assertThat(GroupPairs.impostorCount(new int[] {5})).isZero();
    assertThat(impostor(new int[] {5}, 10, 1)).isEmpty();
    assertThat(GroupPairs.genuineCount(new int[] {1, 1, 1})).isZero();
    assertThat(GroupPairs.impostorCount(new int[] {1, 1, 1})).isEqualTo(3);
  }

  @Test
  void above_the_cap_takes_exactly_the_cap_of_distinct_pairs_the_same_for_the_same_seed() {
    List<List<Integer>> all = impostor(SIZES, 100, 1);
    List<List<Integer>> sample = impostor(SIZES, 5, 42);
    assertThat(sample).hasSize(5).doesNotHaveDuplicates();
    assertThat(all).containsAll(sample);
    // enumeration order is kept
    assertThat(sample).isSortedAccordingTo((x, y) -> Integer.compare(all.indexOf(x), all.indexOf(y)));
    assertThat(impostor(SIZES, 5, 42)).isEqualTo(sample);
    assertThat(GroupPairs.impostor(SIZES, 5, 42, (ia, a, ib, b) -> { })).isEqualTo(5);
    assertThat(genuine(SIZES, 2, 7)).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void the_sample_takes_every_pair_equally_often_across_seeds() {
    // 11,000 seeds x 5 of 11 pairs: each pair is expected 5,000 times, standard deviation about 52
    Map<List<Integer>, Integer> times = new HashMap<>();
    for (long seed = 0; seed < 11_000; seed++) {
      impostor(SIZES, 5, seed).forEach(p -> times.merge(p, 1, Integer::sum));
    }
    assertThat(times).hasSize(11);
    times.forEach((pair, n) -> assertThat(n).as("pair %s", pair).isBetween(4_750, 5_250));
  }

  @Test
  void scores_pairs_by_cosine_and_a_missing_face_never_matches() {
    float[] a0 = unit(0);
    float[] a1 = unit(60);
    float[] b0 = unit(90);
    List<List<float[]>> templates = new ArrayList<>();
    templates.add(List.of(a0, a1));
    List<float[]> b = new ArrayList<>();
    b.add(b0);
    b.add(null); // an image without a face
    templates.add(b);
    GroupPairs.Scores s = GroupPairs.score(templates, 100, 3, 0.5);
    assertThat(s.genuineAvailable()).isEqualTo(2);
    assertThat(s.impostorAvailable()).isEqualTo(4);
    // genuine: a0-a1 = cos 60, b0-missing = -inf
    assertThat(s.genuine()).containsExactly(Float.NEGATIVE_INFINITY, (float) Math.cos(Math.toRadians(60)));
    // impostor: a0-b0 = cos 90, a1-b0 = cos 30, and two with the missing face
    assertThat(s.impostor()[0]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(s.impostor()[1]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(s.impostor()[2]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(s.impostor()[3]).isCloseTo((float) Math.cos(Math.toRadians(30)), org.assertj.core.data.Offset.offset(1e-6f));
    // only a1-b0 (cos 30) reaches the floor 0.5 kept for naming identities
    assertThat(s.high().scores()).hasSize(1);
    assertThat(s.high().identityA()).containsExactly(0);
    assertThat(s.high().identityB()).containsExactly(1);
    assertThat(s.identityPairsAtOrAbove(0.5)).isEqualTo(1);
    assertThat(s.identityPairsAtOrAbove(0.9)).isZero();
    assertThat(s.identityPairsAtOrAbove(0.2)).isNull();
  }

  @Test
  void the_cap_bounds_the_scores_kept() {
    List<List<float[]>> templates = new ArrayList<>();
    for (int id = 0; id < 10; id++) {
      templates.add(List.of(unit(id * 10), unit(id * 10 + 3), unit(id * 10 + 5)));
    }
    GroupPairs.Scores s = GroupPairs.score(templates, 20, 9, 2);
    assertThat(s.genuineAvailable()).isEqualTo(30);
    assertThat(s.genuine()).hasSize(20);
    assertThat(s.impostorAvailable()).isEqualTo(405); // (30^2 - 10 x 9) / 2
    assertThat(s.impostor()).hasSize(20);
    Set<Float> distinct = new HashSet<>();
    for (float f : s.impostor()) {
      distinct.add(f);
    }
    assertThat(distinct.size()).isGreaterThan(1);
  }

  /** A unit vector at an angle in degrees, padded to four dimensions. */
  static float[] unit(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r), 0, 0};
  }
}
