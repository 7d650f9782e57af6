package candor.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.vision.DecodedImage;
import candor.vision.Face;
import candor.vision.FacePipeline;
import candor.vision.TestFaces;
import candor.vision.VisionConfig;
import candor.vision.pack.ModelPack;
import java.awt.Color;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins down the install-time check of a pack descriptor against its graphs, on tiny generated
 * graphs (an SCRFD-shaped detector and a pooling embedder): what passes, each refusal's message,
 * and the pipeline running such a pack end to end (channel order, mean and std as described).
 */
class PackGraphCheckTest {
  @TempDir Path store;

  /** The tiny embedder's weights: 3 x 512, row c = channel c (R, G, B as fed). */
  static float[] weights() {
    float[] w = new float[3 * 512];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(0.37 * i + 1);
    }
    return w;
  }

  private ModelPack pack(String extra) throws IOException {
    Path det = ScrfdGraphs.oneFace(store.resolve("det_test.onnx"), 160, true, false,
        new ScrfdGraphs.Anchor(16, 4, 6, 1, 0.9f, new float[] {2, 3, 2.5f, 3.5f},
            new float[] {-1, -1, 1, -1, 0, 0, -0.5f, 1.5f, 0.5f, 1.5f}));
    Path emb = TinyGraphs.pooledEmbedder(store.resolve("w600k_test.onnx"), 112, weights(), 512);
    Properties p = new Properties();
    p.load(new StringReader("""
        name=tiny
        detector=scrfd
        detector.file=det_test.onnx
        detector.sha256=%s
        detector.size=160
        embedder=arcface
        embedder.file=w600k_test.onnx
        embedder.sha256=%s
        embedder.channels=RGB
        embedder.mean=127.5
        embedder.std=127.5
        embedder.id=tiny-512
        """.formatted(OnnxModel.sha256(det), OnnxModel.sha256(emb)) + extra));
    return ModelPack.parse("tiny.pack.properties", p);
  }

  @Test
  void accepts_a_pack_whose_descriptor_matches_its_graphs() throws IOException {
    PackGraphCheck.Report report = PackGraphCheck.check(pack("embedder.dim=512\n"), List.of(store));
    assertThat(report.dimension()).isEqualTo(512);
    assertThat(report.models()).containsExactly(
        "detector det_test.onnx: input [1, 3, -1, -1], outputs 448[800, 1] 449[200, 1] 450[50, 1] 451[800, 4]"
            + " 452[200, 4] 453[50, 4] 454[800, 10] 455[200, 10] 456[50, 10]",
        "embedder w600k_test.onnx: input [1, 3, 112, 112], outputs output[1, 512], 512-d");
  }

  @Test
  void refuses_an_embedder_whose_output_differs_from_the_declared_dimension() throws IOException {
    assertThatThrownBy(() -> PackGraphCheck.check(pack("embedder.dim=128\n"), List.of(store)))
        .isInstanceOf(ModelException.class)
        .hasMessage("pack tiny, embedder (arcface): " + store.resolve("w600k_test.onnx")
            + ": expected a 128-d template (embedder.dim=128), the graph declares output output [1, 512]");
  }

  @Test
  void refuses_an_embedder_whose_input_differs_from_the_declared_size() throws IOException {
    assertThatThrownBy(() -> PackGraphCheck.check(pack("embedder.size=128\n"), List.of(store)))
        .isInstanceOf(ModelException.class)
        .hasMessage("pack tiny, embedder (arcface): " + store.resolve("w600k_test.onnx")
            + ": expected input [1, 3, 128, 128], model declares [1, 3, 112, 112] (embedder.size=128)");
  }

  @Test
  void refuses_an_output_declared_normalised_that_is_not() throws IOException {
    assertThatThrownBy(() -> PackGraphCheck.check(pack("embedder.normalised=true\n"), List.of(store)))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("pack tiny, embedder (arcface): " + store.resolve("w600k_test.onnx")
            + ": the descriptor declares the output L2-normalised (embedder.normalised=true), its norm is ");
  }

  @Test
  void refuses_a_detector_window_its_outputs_do_not_fit() throws IOException {
    assertThatThrownBy(() -> PackGraphCheck.check(pack("detector.size=320\n"), List.of(store)))
        .isInstanceOf(ModelException.class)
        .hasMessage("pack tiny, detector (scrfd): " + store.resolve("det_test.onnx")
            + ": expected output 448 (stride 8) of shape [3200, 1] or [1, 3200, 1] for a 320x320 window,"
            + " the graph declares [800, 1]");
  }

  @Test
  void refuses_a_file_whose_hash_differs() throws IOException {
    ModelPack pack = pack("");
    Files.writeString(store.resolve("w600k_test.onnx"), "another file");
    assertThatThrownBy(() -> PackGraphCheck.check(pack, List.of(store)))
        .isInstanceOf(ModelException.class)
        .hasMessage("pack tiny, embedder (arcface): " + store.resolve("w600k_test.onnx") + ": SHA-256 is "
            + OnnxModel.sha256(store.resolve("w600k_test.onnx")) + ", expected " + pack.embedder().sha256()
            + " (wrong or corrupt model file)");
  }

  @Test
  void a_pack_of_generated_graphs_runs_through_the_pipeline() throws IOException {
    ModelPack pack = pack("embedder.dim=512\n");
    Color colour = new Color(200, 100, 50);
    try (FacePipeline pipeline = FacePipeline.open(pack, List.of(store), VisionConfig.defaults())) {
      assertThat(pipeline.modelId()).isEqualTo("tiny-512");
      assertThat(pipeline.dimension()).isEqualTo(512);
      List<Face> faces = pipeline.analyze(DecodedImage.full(TestFaces.plain(160, 160, colour), "png"));
      assertThat(faces).hasSize(1);
      assertThat(faces.getFirst().landmarks().five()).containsExactly(80, 48, 112, 48, 96, 64, 88, 88, 104, 88);
      // a uniform crop: the template is the weights' rows mixed by the R, G, B values as described
      float[] rgb = {(200 - 127.5f) / 127.5f, (100 - 127.5f) / 127.5f, (50 - 127.5f) / 127.5f};
      float[] w = weights();
      float[] expected = new float[512];
      double norm = 0;
      for (int j = 0; j < 512; j++) {
        expected[j] = rgb[0] * w[j] + rgb[1] * w[512 + j] + rgb[2] * w[1024 + j];
        norm += expected[j] * expected[j];
      }
      float[] got = faces.getFirst().template().values();
      for (int j = 0; j < 512; j++) {
        assertThat(got[j]).as("dimension %d", j)
            .isCloseTo((float) (expected[j] / Math.sqrt(norm)), org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }
}
