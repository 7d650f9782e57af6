package candor.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchRequestTest {

  private static final float[] UNIT = {0.6f, 0.8f};

  @Test
  void rejects_k_outside_its_range() {
    assertThatThrownBy(() -> new SearchRequest(UNIT, 0, Set.of(), "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be between 1 and 10000, got 0");
    assertThatThrownBy(() -> new SearchRequest(UNIT, 10_001, Set.of(), "m"))
        .hasMessage("k must be between 1 and 10000, got 10001");
  }

  @Test
  void rejects_a_query_that_is_not_unit_length() {
    assertThatThrownBy(() -> new SearchRequest(new float[] {3f, 4f}, 1, Set.of(), "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query must have unit L2 norm (1 ± 0.001), got norm 5.000000");
  }

  @Test
  void requires_a_model_id() {
    assertThatThrownBy(() -> new SearchRequest(UNIT, 1, Set.of(), ""))
        .hasMessage("modelId must not be blank");
  }

  @Test
  void copies_the_query_and_collections() {
    Set<String> collections = new HashSet<>(Set.of("a"));
    float[] query = UNIT.clone();
    SearchRequest request = new SearchRequest(query, 3, collections, "m");
    collections.add("b");
    query[0] = 9f;
    request.query()[1] = 9f;
    assertThat(request.collections()).containsExactly("a");
    assertThat(request.query()).containsExactly(0.6f, 0.8f);
  }

  @Test
  void all_collections_means_an_empty_filter() {
    assertThat(SearchRequest.allCollections(UNIT, 5, "m").collections()).isEmpty();
  }
}
