package candor.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.vision.BoundingBox;
import candor.vision.DecodedImage;
import candor.vision.DetectedFace;
import candor.vision.Device;
import candor.vision.TestFaces;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins down SCRFD decoding on tiny generated graphs (InsightFace's model files are not in the
 * project or in ../shared): anchor order, box distances and key points in stride units, the
 * output layout read by order, and the refusals of graphs that are not SCRFD's.
 */
class ScrfdDetectorTest {
  private static final float[] DISTANCES = {2, 3, 2.5f, 3.5f};
  private static final float[] KEY_POINTS = {-1, -1, 1, -1, 0, 0, -0.5f, 1.5f, 0.5f, 1.5f};

  private static OnnxModel load(Path file, int size) throws IOException {
    return new OnnxModel(file, OnnxModel.sha256(file), new long[] {1, 3, size, size}, 1, Device.CPU);
  }

  @Test
  void decodes_one_anchor_into_its_box_and_five_key_points(@TempDir Path dir) throws IOException {
    // stride 16, row 4, col 6, second anchor of the cell: centre (96, 64)
    Path graph = ScrfdGraphs.oneFace(dir.resolve("det_test.onnx"), 160, true, false,
        new ScrfdGraphs.Anchor(16, 4, 6, 1, 0.9f, DISTANCES, KEY_POINTS));
    try (ScrfdDetector detector = new ScrfdDetector(load(graph, 160), 160, 0.5f, 24, ZoomOut.NONE)) {
      assertThat(detector.layout()).isEqualTo(new ScrfdDetector.Layout(new int[] {8, 16, 32}, 2, true));
      assertThat(detector.givesLandmarks()).isTrue();
      List<DetectedFace> faces = detector.detect(DecodedImage.full(TestFaces.plain(160, 160, Color.BLACK), "png"));
      assertThat(faces).hasSize(1);
      DetectedFace f = faces.getFirst();
      assertThat(f.score()).isEqualTo(0.9f);
      assertThat(f.box()).isEqualTo(BoundingBox.ofCorners(96 - 32, 64 - 48, 96 + 40, 64 + 56));
      assertThat(f.landmarks().orElseThrow().five())
          .containsExactly(80, 48, 112, 48, 96, 64, 88, 88, 104, 88);
    }
  }

  @Test
  void maps_the_window_back_to_a_photo_twice_its_size(@TempDir Path dir) throws IOException {
    Path graph = ScrfdGraphs.oneFace(dir.resolve("det_test.onnx"), 160, false, true,
        new ScrfdGraphs.Anchor(8, 10, 3, 0, 0.7f, DISTANCES, KEY_POINTS));
    try (ScrfdDetector detector = new ScrfdDetector(load(graph, 160), 160, 0.5f, 100, ZoomOut.NONE)) {
      // a 320x320 photo is letterboxed into the 160 window at half scale
      List<DetectedFace> faces = detector.detect(DecodedImage.full(TestFaces.plain(320, 320, Color.BLACK), "png"));
      assertThat(faces).hasSize(1);
      // centre (24, 80) in the window
      assertThat(faces.getFirst().box().x()).isCloseTo(2 * (24 - 16), org.assertj.core.data.Offset.offset(0.01f));
      assertThat(faces.getFirst().box().y()).isCloseTo(2 * (80 - 24), org.assertj.core.data.Offset.offset(0.01f));
      assertThat(faces.getFirst().landmarks().orElseThrow().x(2)).isCloseTo(48f, org.assertj.core.data.Offset.offset(0.01f));
    }
  }

  @Test
  void drops_anchors_below_the_threshold(@TempDir Path dir) throws IOException {
    Path graph = ScrfdGraphs.oneFace(dir.resolve("det_test.onnx"), 160, true, false,
        new ScrfdGraphs.Anchor(32, 1, 2, 0, 0.4f, DISTANCES, KEY_POINTS));
    try (ScrfdDetector detector = new ScrfdDetector(load(graph, 160), 160, 0.5f, 24, ZoomOut.NONE)) {
      assertThat(detector.detect(DecodedImage.full(TestFaces.plain(160, 160, Color.BLACK), "png"))).isEmpty();
    }
  }

  @Test
  void refuses_a_graph_with_another_number_of_outputs(@TempDir Path dir) throws IOException {
    Path graph = TinyGraphs.constants(dir.resolve("two.onnx"), "input", new long[] {1, 3, 160, 160}, List.of(
        new TinyGraphs.ConstantOutput("a", new long[] {1, 1}, new float[] {0}),
        new TinyGraphs.ConstantOutput("b", new long[] {1, 4}, new float[4])));
    OnnxModel model = load(graph, 160);
    assertThatThrownBy(() -> new ScrfdDetector(model, 160, 0.5f, 24, ZoomOut.NONE))
        .isInstanceOf(ModelException.class)
        .hasMessage(graph + ": expected the SCRFD outputs (6, 9, 10 or 15: scores, boxes and key points per stride),"
            + " the graph declares 2 [a, b]");
    model.close();
  }

  @Test
  void refuses_outputs_made_for_another_window_size(@TempDir Path dir) throws IOException {
    Path graph = ScrfdGraphs.oneFace(dir.resolve("det_test.onnx"), 160, true, false,
        new ScrfdGraphs.Anchor(16, 4, 6, 1, 0.9f, DISTANCES, KEY_POINTS));
    // the constants fit a 160 window; declared [800, 1] at stride 8 where a 320 window needs 3200
    assertThatThrownBy(() -> ScrfdDetector.Layout.of(load(graph, 320).outputShapes(), 320, "det_test.onnx"))
        .isInstanceOf(ModelException.class)
        .hasMessage("det_test.onnx: expected output 448 (stride 8) of shape [3200, 1] or [1, 3200, 1] for a 320x320"
            + " window, the graph declares [800, 1]");
  }

  @Test
  void the_layout_follows_the_number_of_outputs() {
    Map<String, long[]> six = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      six.put("o" + i, new long[] {-1, i < 3 ? 1 : 4});
    }
    assertThat(ScrfdDetector.Layout.of(six, 640, "x"))
        .isEqualTo(new ScrfdDetector.Layout(new int[] {8, 16, 32}, 2, false));
    Map<String, long[]> fifteen = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 15; i++) {
      fifteen.put("o" + i, new long[] {1, -1, i < 5 ? 1 : i < 10 ? 4 : 10});
    }
    assertThat(ScrfdDetector.Layout.of(fifteen, 640, "x"))
        .isEqualTo(new ScrfdDetector.Layout(new int[] {8, 16, 32, 64, 128}, 1, true));
  }
}
