package candor.vision.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SCRFD-shaped test graphs: InsightFace's output layout (scores, then boxes, then key points, one
 * output per stride, strides 8/16/32 with two anchors per cell) holding constants, all zero but one
 * anchor the test places. Names are node numbers, as in InsightFace's exports.
 */
public final class ScrfdGraphs {
  /** Strides of the 9-output layout. */
  static final int[] STRIDES = {8, 16, 32};

  private ScrfdGraphs() {}

  /**
   * One face at one anchor.
   *
   * @param stride its stride (8, 16 or 32)
   * @param row its grid row
   * @param col its grid column
   * @param anchor 0 or 1
   * @param score its score
   * @param distances left, top, right, bottom distances in stride units
   * @param keyPoints ten key point offsets in stride units
   */
  public record Anchor(int stride, int row, int col, int anchor, float score, float[] distances, float[] keyPoints) {}

  /**
   * Writes a 9-output SCRFD graph for a window of {@code size} pixels with one face.
   *
   * @param file where
   * @param size the window side the graph's constants fit
   * @param dynamicInput whether the input's height and width are left free, as InsightFace's are
   * @param batched whether outputs are {@code [1, n, w]} rather than {@code [n, w]}
   */
  public static Path oneFace(Path file, int size, boolean dynamicInput, boolean batched, Anchor face) {
    List<TinyGraphs.ConstantOutput> outputs = new ArrayList<>();
    int name = 448;
    int[] widths = {1, 4, 10};
    for (int width : widths) {
      for (int s : STRIDES) {
        int n = (size / s) * (size / s) * 2;
        float[] v = new float[n * width];
        if (s == face.stride()) {
          int i = (face.row() * (size / s) + face.col()) * 2 + face.anchor();
          float[] src = width == 1 ? new float[] {face.score()} : width == 4 ? face.distances() : face.keyPoints();
          System.arraycopy(src, 0, v, i * width, width);
        }
        long[] shape = batched ? new long[] {1, n, width} : new long[] {n, width};
        outputs.add(new TinyGraphs.ConstantOutput(Integer.toString(name++), shape, v));
      }
    }
    long[] input = dynamicInput ? new long[] {1, 3, -1, -1} : new long[] {1, 3, size, size};
    return TinyGraphs.constants(file, "input.1", input, outputs);
  }
}
