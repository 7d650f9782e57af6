package candor.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexConfigTest {

  @Test
  void defaults_describe_512_d_int8_hnsw_over_reduced_vectors() {
    IndexConfig config = IndexConfig.defaults();
    assertThat(config.dimension()).isEqualTo(512);
    assertThat(config.maxConnections()).isEqualTo(16);
    assertThat(config.beamWidth()).isEqualTo(100);
    assertThat(config.quantization()).isEqualTo(Quantization.INT8);
    assertThat(config.candidates(10)).isEqualTo(500);
    assertThat(config.reduceDimensions()).isTrue();
    assertThat(config.withReducedDimensions(false).reduceDimensions()).isFalse();
    assertThat(config.indexingThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void candidates_are_k_times_oversample_but_at_least_the_minimum() {
    IndexConfig config = IndexConfig.defaults().withCandidates(10, 100);
    assertThat(config.candidates(1)).isEqualTo(100);
    assertThat(config.candidates(10)).isEqualTo(100);
    assertThat(config.candidates(50)).isEqualTo(500);
  }

  @Test
  void rescores_k_times_oversample_of_the_candidates() {
    IndexConfig config = IndexConfig.defaults().withCandidates(10, 400);
    assertThat(config.rescored(1)).isEqualTo(10);
    assertThat(config.rescored(10)).isEqualTo(100);
    assertThat(config.rescored(40)).isEqualTo(400);
    assertThat(config.rescored(100)).isEqualTo(config.candidates(100)).isEqualTo(1000);
  }

  @Test
  void rejects_out_of_range_settings() {
    assertThatThrownBy(() -> IndexConfig.defaults().withDimension(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension must be positive, got 0");
    assertThatThrownBy(() -> IndexConfig.defaults().withGraph(600, 100))
        .hasMessage("maxConnections must be between 1 and 512, got 600");
    assertThatThrownBy(() -> IndexConfig.defaults().withIndexingThreads(0))
        .hasMessage("indexingThreads must be positive, got 0");
  }
}
