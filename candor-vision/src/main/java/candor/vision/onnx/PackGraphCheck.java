package candor.vision.onnx;

import candor.vision.Device;
import candor.vision.FacePipeline;
import candor.vision.pack.EmbedderSettings;
import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a pack descriptor against its model files before anything uses them, as {@code candor
 * models install} does: each file's SHA-256, then each graph's declared input and output shapes
 * and one run on a blank input, against what the descriptor says (input size, template dimension,
 * whether the output is normalised, the detector's output layout). Every refusal names the pack,
 * the model's role, the file, what the descriptor expects and what the graph declares.
 *
 * <p>Stateless and thread-safe; it opens and closes its own sessions.
 */
public final class PackGraphCheck {

  /** How far from 1 a declared-normalised output's norm may be. */
  static final double NORM_TOLERANCE = 1e-2;

  private PackGraphCheck() {}

  /**
   * What the check found.
   *
   * @param dimension the embedder's template dimension, as the model gives it
   * @param models one line per model: role, file, declared input and outputs
   */
  public record Report(int dimension, List<String> models) {
    /** Copies. */
    public Report {
      models = List.copyOf(models);
    }
  }

  /**
   * Checks every model of a pack.
   *
   * @param pack the descriptor
   * @param storeDirs where its files are, first match wins
   * @return the embedder's dimension and a description of each graph
   * @throws ModelException naming the pack, role and file when a hash or a shape disagrees with the
   *     descriptor, or a graph cannot run
   * @throws IllegalArgumentException when a file is missing or a model kind is unknown
   */
  public static Report check(ModelPack pack, List<Path> storeDirs) {
    List<String> lines = new ArrayList<>();
    lines.add(detector(pack, storeDirs));
    pack.landmarker().ifPresent(spec -> lines.add(landmarker(pack, spec, storeDirs)));
    pack.turnedFaces().ifPresent(t -> lines.add(blazeface(pack, "turned", t.model(), storeDirs)));
    int[] dim = new int[1];
    lines.add(embedder(pack, storeDirs, dim));
    return new Report(dim[0], lines);
  }

  private static OnnxModel open(ModelPack pack, String role, ModelSpec spec, List<Path> dirs, long[] shape,
      String hint) {
    Path file = ModelPack.locate(spec, dirs);
    try {
      return new OnnxModel(file, spec.sha256(), shape, 1, Device.CPU);
    } catch (ModelException e) {
      throw new ModelException(where(pack, role, spec) + e.getMessage() + (e.getMessage().contains("expected input")
          ? " (" + hint + ")" : ""), e);
    }
  }

  private static String where(ModelPack pack, String role, ModelSpec spec) {
    return "pack " + pack.name() + ", " + role + " (" + spec.kind() + "): ";
  }

  private static String detector(ModelPack pack, List<Path> dirs) {
    ModelSpec spec = pack.detector();
    switch (spec.kind()) {
      case "rfb320" -> {
        try (OnnxModel m = open(pack, "detector", spec, dirs, RfbDetector.INPUT_SHAPE, "the RFB-320 input")) {
          Map<String, long[]> out = m.outputShapes();
          requireOutput(pack, "detector", spec, out, "scores", new long[] {1, 4420, 2});
          requireOutput(pack, "detector", spec, out, "boxes", new long[] {1, 4420, 4});
          return describe("detector", m);
        }
      }
      case "yunet" -> {
        try (OnnxModel m = open(pack, "detector", spec, dirs, YuNetDetector.INPUT_SHAPE, "YuNet's 640x640 input")) {
          Map<String, float[]> run = m.run(new float[3 * 640 * 640]);
          for (int s : new int[] {8, 16, 32}) {
            long cells = (640L / s) * (640L / s);
            String[] names = {"cls_" + s, "obj_" + s, "bbox_" + s, "kps_" + s};
            int[] widths = {1, 1, 4, 10};
            for (int i = 0; i < names.length; i++) {
              float[] v = run.get(names[i]);
              if (v == null || v.length != cells * widths[i]) {
                throw new ModelException(where(pack, "detector", spec) + m.file() + ": expected output " + names[i]
                    + " of " + cells * widths[i] + " values, the graph gives "
                    + (v == null ? "no such output: " + run.keySet() : v.length + " values"));
              }
            }
          }
          return describe("detector", m);
        }
      }
      case "scrfd" -> {
        int size = FacePipeline.scrfdSize(pack);
        try (OnnxModel m = open(pack, "detector", spec, dirs, new long[] {1, 3, size, size},
            "detector.size=" + size)) {
          try {
            ScrfdDetector.Layout layout = ScrfdDetector.Layout.of(m.outputShapes(), size, m.file().toString());
            ScrfdDetector.decode(new ArrayList<>(m.run(new float[3 * size * size]).values()), layout, size, 2f);
            if (!layout.keyPoints() && pack.landmarker().isEmpty()) {
              throw new ModelException(m.file() + ": this SCRFD graph gives no key points and the pack has no landmarker");
            }
          } catch (ModelException e) {
            throw new ModelException(where(pack, "detector", spec) + e.getMessage(), e);
          }
          return describe("detector", m);
        }
      }
      case "blazeface128", "blazeface256" -> {
        return blazeface(pack, "detector", spec, dirs);
      }
      default -> throw new IllegalArgumentException(pack.name() + ": unknown detector kind " + spec.kind());
    }
  }

  private static String blazeface(ModelPack pack, String role, ModelSpec spec, List<Path> dirs) {
    BlazeFaceDetector.Variant v = switch (spec.kind()) {
      case "blazeface128" -> BlazeFaceDetector.Variant.SHORT_RANGE;
      case "blazeface256" -> BlazeFaceDetector.Variant.FULL_RANGE;
      default -> throw new IllegalArgumentException(pack.name() + ": unknown " + role + " kind " + spec.kind());
    };
    OnnxModel m = open(pack, role, spec, dirs, v.inputShape(), "BlazeFace's input");
    String line = describe(role, m);
    try (BlazeFaceDetector d = new BlazeFaceDetector(m, v, 0.5f, 24, ZoomOut.NONE)) {
      return line;
    } catch (ModelException e) {
      m.close();
      throw new ModelException(where(pack, role, spec) + e.getMessage(), e);
    }
  }

  private static String landmarker(ModelPack pack, ModelSpec spec, List<Path> dirs) {
    if (!spec.kind().equals("landmark68")) {
      throw new IllegalArgumentException(pack.name() + ": unknown landmarker kind " + spec.kind());
    }
    try (OnnxModel m = open(pack, "landmarker", spec, dirs, Landmark68Model.INPUT_SHAPE, "a 64x64 grey crop")) {
      float[] out = m.run(new float[64 * 64]).values().iterator().next();
      if (out.length != 136) {
        throw new ModelException(where(pack, "landmarker", spec) + m.file()
            + ": expected 136 values (68 points), the graph gives " + out.length);
      }
      return describe("landmarker", m);
    }
  }

  private static String embedder(ModelPack pack, List<Path> dirs, int[] dimension) {
    ModelSpec spec = pack.embedder();
    if (!FacePipeline.EMBEDDER_KINDS.contains(spec.kind())) {
      throw new IllegalArgumentException(pack.name() + ": unknown embedder kind " + spec.kind());
    }
    EmbedderSettings e = pack.embedding();
    try (OnnxModel m = open(pack, "embedder", spec, dirs, e.inputShape(), "embedder.size=" + e.size())) {
      Map<String, long[]> outs = m.outputShapes();
      long[] declared = outs.values().iterator().next();
      long declaredDim = declared.length == 0 ? -1 : declared[declared.length - 1];
      if (e.dimension() > 0 && declaredDim >= 0 && declaredDim != e.dimension()) {
        throw new ModelException(where(pack, "embedder", spec) + m.file() + ": expected a " + e.dimension()
            + "-d template (embedder.dim=" + e.dimension() + "), the graph declares output "
            + outs.keySet().iterator().next() + " " + Arrays.toString(declared));
      }
      // a mid-grey crop with a gradient: a blank input can give a zero vector
      int n = e.size() * e.size();
      float[] input = new float[3 * n];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) (((i % n) % e.size() * 2 + 64) - e.mean()) / e.std();
      }
      float[] out = m.run(input).values().iterator().next();
      if (e.dimension() > 0 && out.length != e.dimension()) {
        throw new ModelException(where(pack, "embedder", spec) + m.file() + ": expected a " + e.dimension()
            + "-d template (embedder.dim=" + e.dimension() + "), the graph gives " + out.length + " values");
      }
      double norm = 0;
      for (float x : out) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (!(norm > 0) || !Double.isFinite(norm)) {
        throw new ModelException(where(pack, "embedder", spec) + m.file() + ": the graph's output has norm " + norm
            + " on a test crop; it cannot be a face template");
      }
      if (e.outputNormalised() && Math.abs(norm - 1) > NORM_TOLERANCE) {
        throw new ModelException(where(pack, "embedder", spec) + m.file()
            + ": the descriptor declares the output L2-normalised (embedder.normalised=true), its norm is "
            + String.format(java.util.Locale.ROOT, "%.4f", norm));
      }
      dimension[0] = out.length;
      return describe("embedder", m) + ", " + out.length + "-d";
    }
  }

  private static void requireOutput(ModelPack pack, String role, ModelSpec spec, Map<String, long[]> outputs,
      String name, long[] shape) {
    long[] declared = outputs.get(name);
    if (declared == null || !OnnxModel.fits(declared, shape)) {
      throw new ModelException(where(pack, role, spec) + "expected output " + name + " " + Arrays.toString(shape)
          + ", the graph declares " + (declared == null ? "outputs " + outputs.keySet() : Arrays.toString(declared)));
    }
  }

  private static String describe(String role, OnnxModel m) {
    StringBuilder s = new StringBuilder(role).append(' ').append(m.file().getFileName())
        .append(": input ").append(Arrays.toString(m.declaredInputShape())).append(", outputs");
    m.outputShapes().forEach((k, v) -> s.append(' ').append(k).append(Arrays.toString(v)));
    return s.toString();
  }
}
