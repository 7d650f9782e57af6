package candor.bench.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import candor.bench.BadOptions;
import candor.bench.vision.OnnxFile.Node;
import candor.bench.vision.OnnxFile.Tensor;
import candor.vision.onnx.OnnxModel;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes the faster embedder files from {@code fr_feature.onnx}, reproducibly, with no tool but
 * this class and ONNX Runtime: a float graph that computes the same function without PReLU
 * ({@code --split-out}), and an int8 quantization of it ({@code --int8-out}).
 *
 * <p><b>PReLU split (exact).</b> ONNX Runtime 1.28's CPU PRelu kernel is the float model's
 * slowest part (56 % of its time under ORT's profiler, 33 PReLUs; the convolutions 36 %): no
 * convolution absorbs it, and every one sits between two convolutions in reordered (NCHWc)
 * layout. For any slope {@code s}, {@code PReLU(x) = s x + (1 - s) Relu(x)}, and where {@code
 * s <= 1}, {@code (1 - s) Relu(x) = Relu((1 - s) x)}. A PReLU whose input is a convolution {@code
 * x = W * i + b} (read by nothing else) and whose slopes are all at most 1 becomes {@code
 * Add(Conv(i; sW, sb), Relu(Conv(i; (1-s)W, (1-s)b)))}: ONNX Runtime folds the Relu into one
 * convolution and the Add into the other. The convolutions feeding PReLUs cost twice as much; the
 * PReLUs, and their layout changes, go. Up to float rounding the templates are the float model's.
 *
 * <p><b>int8.</b> The float graph is first equalized across layers ({@link #equalize}: the same
 * function), then split as above, then statically quantized into the QDQ form that ONNX Runtime's CPU provider fuses
 * into integer kernels ({@code QLinearConv}, {@code QLinearAdd}):
 *
 * <ul>
 *   <li><b>Weights</b>: every convolution but the last {@code --float-tail} ones gets int8 weights,
 *       symmetric, one scale per output channel ({@code max |w| / 127}), and int32 biases at the
 *       scale input scale x weight scale, each behind a {@code DequantizeLinear}.
 *   <li><b>Activations</b>: the input and every node output up to the float tail (after the Relu
 *       where a Relu is a convolution's only reader, so that it folds) pass through a {@code
 *       QuantizeLinear} / {@code DequantizeLinear} pair, uint8 with a zero point, over the range
 *       that holds the central {@code --percentile} % of the values the float model gives on the
 *       calibration faces (widened to hold 0); each bias is corrected by its weights' rounding
 *       error times the input's mean per channel on those faces (bias correction, Nagel et al.
 *       2019): the largest face of {@code --calibration-images}
 *       LFW photos evenly spaced through the sorted list, aligned as the default pack aligns it
 *       ({@link AlignedFaces}). A PReLU left by the split runs in float between a pair.
 *   <li><b>Reproducible</b>: the same input file, photos and ONNX Runtime give the same bytes;
 *       every scale is rounded to 8 significant bits, so that the last-bit differences another
 *       CPU's kernels may make in the calibration's float results do not change the file.
 * </ul>
 *
 * <p>The int8 model declares opset 13 (per-channel {@code DequantizeLinear} needs it; Conv,
 * PRelu, Add, Relu and Reshape mean the same there). Prints each output's SHA-256.
 *
 * <pre>{@code
 * java ... candor.bench.vision.EmbedderGraphs --model models/fr_feature.onnx \
 *     --split-out models/fr_feature_split.onnx [--int8-out FILE] [--lfw ../shared/data/lfw]
 *     [--calibration-images 256] [--percentile 99.999] [--float-tail 1]
 * }</pre>
 */
public final class EmbedderGraphs {

  private static final String USAGE = "usage: EmbedderGraphs [--model FILE] [--split-out FILE]"
      + " [--int8-out FILE] [--lfw DIR] [--models DIR] [--calibration-images N]"
      + " [--percentile P] [--float-tail N]";

  /** The opset the quantized model declares. */
  static final long OPSET = 13;

  private EmbedderGraphs() {}

  /**
   * Quantizes the embedder (see the class javadoc); exits with status 2 on a bad option.
   *
   * @param args the options
   * @throws Exception when a file cannot be read or written or ONNX Runtime fails
   */
  public static void main(String[] args) throws Exception {
    Options o = BadOptions.parseOrExit(args, Options::parse, USAGE);
    byte[] fp32 = Files.readAllBytes(o.model);
    byte[] split = splitPrelu(fp32);
    if (o.splitOut != null) {
      Files.write(o.splitOut, split);
      System.out.printf(Locale.ROOT, "wrote %s: %,d bytes, SHA-256 %s%n", o.splitOut,
          split.length, OnnxModel.sha256(o.splitOut));
    }
    if (o.int8Out != null) {
      List<float[]> faces;
      try (AlignedFaces aligned = new AlignedFaces(o.models)) {
        faces = aligned.tensors(AlignedFaces.spaced(o.lfw, o.calibrationImages));
      }
      System.out.printf(Locale.ROOT, "calibration: %d faces from %d LFW photos%n", faces.size(),
          o.calibrationImages);
      byte[] int8 = quantize(splitPrelu(equalize(fp32, EQUALIZE_SWEEPS)), faces, o.floatTail,
          o.percentile);
      Files.write(o.int8Out, int8);
      System.out.printf(Locale.ROOT, "wrote %s: %,d bytes, SHA-256 %s%n", o.int8Out, int8.length,
          OnnxModel.sha256(o.int8Out));
    }
  }

  /** How many times {@link #equalize} goes over the network. */
  static final int EQUALIZE_SWEEPS = 4;

  /**
   * Cross-layer equalization (Nagel et al., "Data-Free Quantization Through Weight Equalization
   * and Bias Correction", ICCV 2019): for each convolution A whose output only a PReLU reads, and
   * whose PReLU output only a convolution B reads (B plain or depthwise), scales A's output
   * channel c by {@code 1 / s_c} and B's input channel c by {@code s_c}, {@code s_c = sqrt(max|A_c|
   * / max|B_c|)}, so that both have the same range per channel. PReLU is positively homogeneous
   * ({@code PReLU(x / s) = PReLU(x) / s}), so the function is the same; the per-tensor int8
   * activations and the weights of depthwise layers lose less. Repeated {@code sweeps} times.
   *
   * @param fp32 the float model's bytes
   * @param sweeps passes over the pairs
   * @return the equalized model's bytes
   */
  static byte[] equalize(byte[] fp32, int sweeps) {
    OnnxFile model = OnnxFile.parse(fp32);
    Map<String, Node> producers = new HashMap<>();
    Map<String, List<Node>> readers = new HashMap<>();
    for (Node n : model.nodes) {
      n.outputs().forEach(out -> producers.put(out, n));
      n.inputs().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n));
    }
    for (int sweep = 0; sweep < sweeps; sweep++) {
      for (Node prelu : model.nodes) {
        if (prelu.opType().equals("PRelu") == false) {
          continue;
        }
        Node a = producers.get(prelu.inputs().get(0));
        List<Node> next = readers.getOrDefault(prelu.outputs().get(0), List.of());
        if (a == null || a.opType().equals("Conv") == false || a.inputs().size() != 3
            || readers.get(a.outputs().get(0)).size() != 1 || next.size() != 1
            || next.get(0).opType().equals("Conv") == false) {
          continue;
        }
        Node b = next.get(0);
        Tensor wa = model.initializers.get(a.inputs().get(1));
        Tensor ba = model.initializers.get(a.inputs().get(2));
        Tensor wb = model.initializers.get(b.inputs().get(1));
        int channels = (int) wa.dims()[0];
        long group = b.intAttribute("group", 1);
        boolean depthwise = group == channels && wb.dims()[0] == channels && wb.dims()[1] == 1;
        if (wa == null || ba == null || wb == null || (group != 1 && depthwise == false)
            || (group == 1 && wb.dims()[1] != channels)) {
          continue;
        }
        float[] va = wa.toFloats();
        float[] vb = ba.toFloats();
        float[] vw = wb.toFloats();
        int perA = va.length / channels;
        int outB = (int) wb.dims()[0];
        int kernel = (int) (OnnxFile.count(wb.dims()) / (wb.dims()[0] * wb.dims()[1]));
        for (int c = 0; c < channels; c++) {
          float rangeA = 0;
          for (int i = c * perA; i < (c + 1) * perA; i++) {
            rangeA = Math.max(rangeA, Math.abs(va[i]));
          }
          float rangeB = 0;
          for (int o = depthwise ? c : 0; o < (depthwise ? c + 1 : outB); o++) {
            int base = depthwise ? o * kernel : (o * channels + c) * kernel;
            for (int k = 0; k < kernel; k++) {
              rangeB = Math.max(rangeB, Math.abs(vw[base + k]));
            }
          }
          if (rangeA == 0 || rangeB == 0) {
            continue;
          }
          float scale = (float) Math.sqrt(rangeA / rangeB);
          for (int i = c * perA; i < (c + 1) * perA; i++) {
            va[i] /= scale;
          }
          vb[c] /= scale;
          for (int o = depthwise ? c : 0; o < (depthwise ? c + 1 : outB); o++) {
            int base = depthwise ? o * kernel : (o * channels + c) * kernel;
            for (int k = 0; k < kernel; k++) {
              vw[base + k] *= scale;
            }
          }
        }
        model.initializers.put(wa.name(), Tensor.floats(wa.name(), wa.dims(), va));
        model.initializers.put(ba.name(), Tensor.floats(ba.name(), ba.dims(), vb));
        model.initializers.put(wb.name(), Tensor.floats(wb.name(), wb.dims(), vw));
      }
    }
    return model.write(OnnxFile.opset(fp32), List.of());
  }

  /**
   * Rewrites every PReLU that reads a biased convolution's output alone and whose slopes are at
   * most 1 as two convolutions, a Relu and an Add (see the class javadoc); the others stay.
   *
   * @param fp32 the float model's bytes
   * @return the rewritten model's bytes, same opset
   */
  static byte[] splitPrelu(byte[] fp32) {
    OnnxFile model = OnnxFile.parse(fp32);
    Map<String, Node> producers = new HashMap<>();
    Map<String, Integer> readers = new HashMap<>();
    for (Node n : model.nodes) {
      n.outputs().forEach(out -> producers.put(out, n));
      n.inputs().forEach(in -> readers.merge(in, 1, Integer::sum));
    }
    Map<Node, Node> splitConvs = new HashMap<>(); // conv -> the PReLU it feeds
    for (Node n : model.nodes) {
      if (n.opType().equals("PRelu") == false || model.initializers.containsKey(n.inputs().get(1))
          == false) {
        continue;
      }
      Node conv = producers.get(n.inputs().get(0));
      float[] slopes = model.initializers.get(n.inputs().get(1)).toFloats();
      boolean atMostOne = true;
      for (float slope : slopes) {
        atMostOne &= slope <= 1f;
      }
      if (atMostOne && conv != null && conv.opType().equals("Conv") && conv.inputs().size() == 3
          && readers.get(conv.outputs().get(0)) == 1
          && model.initializers.containsKey(conv.inputs().get(1))
          && model.initializers.containsKey(conv.inputs().get(2))
          && model.initializers.get(conv.inputs().get(2)).dims()[0] == slopes.length) {
        splitConvs.put(conv, n);
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (Node n : model.nodes) {
      Node prelu = splitConvs.get(n);
      if (prelu == null) {
        if (splitConvs.containsValue(n) == false) {
          nodes.add(n);
        }
        continue;
      }
      float[] s = model.initializers.remove(prelu.inputs().get(1)).toFloats();
      Tensor w = model.initializers.remove(n.inputs().get(1));
      Tensor b = model.initializers.remove(n.inputs().get(2));
      float[] wv = w.toFloats();
      float[] bv = b.toFloats();
      int per = wv.length / s.length;
      float[] ws = new float[wv.length];
      float[] wt = new float[wv.length];
      float[] bs = new float[s.length];
      float[] bt = new float[s.length];
      for (int c = 0; c < s.length; c++) {
        for (int i = c * per; i < (c + 1) * per; i++) {
          ws[i] = s[c] * wv[i];
          wt[i] = (1 - s[c]) * wv[i];
        }
        bs[c] = s[c] * bv[c];
        bt[c] = (1 - s[c]) * bv[c];
      }
      String x = n.outputs().get(0);
      model.initializers.put(x + "_ws", Tensor.floats(x + "_ws", w.dims(), ws));
      model.initializers.put(x + "_bs", Tensor.floats(x + "_bs", b.dims(), bs));
      model.initializers.put(x + "_wt", Tensor.floats(x + "_wt", w.dims(), wt));
      model.initializers.put(x + "_bt", Tensor.floats(x + "_bt", b.dims(), bt));
      String in = n.inputs().get(0);
      nodes.add(new Node("Conv", List.of(in, x + "_wt", x + "_bt"), List.of(x + "_t"),
          x + "_conv_relu_part", n.attributes()));
      nodes.add(new Node("Relu", List.of(x + "_t"), List.of(x + "_r"), x + "_relu", List.of()));
      nodes.add(new Node("Conv", List.of(in, x + "_ws", x + "_bs"), List.of(x + "_s"),
          x + "_conv_linear_part", n.attributes()));
      nodes.add(new Node("Add", List.of(x + "_s", x + "_r"), prelu.outputs(), x + "_prelu_sum",
          List.of()));
    }
    model.nodes.clear();
    model.nodes.addAll(nodes);
    return model.write(OnnxFile.opset(fp32), List.of());
  }

  /**
   * Quantizes a float convolutional model.
   *
   * @param fp32 the model file's bytes
   * @param calibration input tensors, in the model's single input shape
   * @param floatTail how many of the last convolutions stay float
   * @return the quantized model's bytes
   */
  static byte[] quantize(byte[] fp32, List<float[]> calibration, int floatTail)
      throws OrtException {
    return quantize(fp32, calibration, floatTail, 100);
  }

  /**
   * Quantizes a float convolutional model, clipping each activation's range to the central
   * {@code percentile} % of its calibration values (100: minimum to maximum).
   */
  static byte[] quantize(byte[] fp32, List<float[]> calibration, int floatTail, double percentile)
      throws OrtException {
    OnnxFile model = OnnxFile.parse(fp32);
    List<Node> convs = model.nodes.stream().filter(n -> n.opType().equals("Conv")).toList();
    Set<Node> floatConvs = new HashSet<>(convs.subList(convs.size() - floatTail, convs.size()));
    // Activations: the input and the outputs of every node before the float tail.
    List<String> activations = new ArrayList<>();
    activations.add(model.input);
    for (Node n : model.nodes) {
      if (floatConvs.contains(n)) {
        break;
      }
      for (String out : n.outputs()) {
        // a convolution's output that only a Relu reads is quantized after the Relu: ONNX
        // Runtime then folds the Relu into the integer convolution (zero point 0)
        boolean onlyRelu = model.nodes.stream().filter(c -> c.inputs().contains(out))
            .allMatch(c -> c.opType().equals("Relu"));
        if (model.outputs.contains(out) == false && onlyRelu == false) {
          activations.add(out);
        }
      }
    }
    Map<String, double[]> means = new HashMap<>();
    Map<String, float[]> ranges = calibrate(model, fp32, activations, calibration, null, means);
    if (percentile < 100) {
      ranges = calibrate(model, fp32, activations, calibration,
          new Histograms(ranges, (100 - percentile) / 200), null);
    }
    return rewrite(model, ranges, means, floatConvs);
  }

  /**
   * Histograms of each activation over its full range, for ranges that leave out a fraction of
   * the values at each end.
   */
  private static final class Histograms {
    private static final int BINS = 8192;
    private final Map<String, float[]> full;
    private final Map<String, long[]> counts = new HashMap<>();
    private final double tail;

    Histograms(Map<String, float[]> full, double tail) {
      this.full = full;
      this.tail = tail;
      full.keySet().forEach(k -> counts.put(k, new long[BINS]));
    }

    void add(String name, float[] values) {
      float[] r = full.get(name);
      long[] c = counts.get(name);
      double width = (r[1] - r[0]) / BINS;
      for (float v : values) {
        c[width == 0 ? 0 : (int) Math.min(BINS - 1, (v - r[0]) / width)]++;
      }
    }

    Map<String, float[]> clipped() {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : counts.entrySet()) {
        float[] r = full.get(e.getKey());
        long[] c = e.getValue();
        long total = java.util.Arrays.stream(c).sum();
        long cut = (long) (tail * total);
        int lo = 0;
        for (long seen = c[0]; seen <= cut && lo < BINS - 1; seen += c[++lo]) { }
        int hi = BINS - 1;
        for (long seen = c[hi]; seen <= cut && hi > 0; seen += c[--hi]) { }
        double width = (r[1] - r[0]) / (double) BINS;
        out.put(e.getKey(), new float[] {(float) (r[0] + lo * width),
            (float) (r[0] + (hi + 1) * width)});
      }
      return out;
    }
  }

  /**
   * The minimum and maximum of each activation over the calibration inputs; with {@code
   * histograms}, the range that leaves out their tails instead; with {@code means}, also each
   * activation's mean per channel.
   */
  private static Map<String, float[]> calibrate(OnnxFile model, byte[] fp32,
      List<String> activations, List<float[]> inputs, Histograms histograms,
      Map<String, double[]> means) throws OrtException {
    long opset = OnnxFile.opset(fp32);
    byte[] probe = OnnxFile.parse(fp32).write(opset, activations.subList(1, activations.size()));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, float[]> ranges = new LinkedHashMap<>();
    activations.forEach(a -> ranges.put(a, new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}));
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(probe, options)) {
        for (float[] input : inputs) {
          widen(ranges.get(model.input), input);
          if (histograms != null) {
            histograms.add(model.input, input);
          }
          if (means != null) {
            accumulate(means, model.input, input, 3, inputs.size());
          }
          try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
              new long[] {1, 3, 112, 112});
              OrtSession.Result result = session.run(Map.of(model.input, tensor))) {
            for (Map.Entry<String, OnnxValue> e : result) {
              float[] range = ranges.get(e.getKey());
              if (range != null) {
                FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] v = new float[values.remaining()];
                values.get(v);
                widen(range, v);
                if (histograms != null) {
                  histograms.add(e.getKey(), v);
                }
                if (means != null) {
                  long[] shape = ((OnnxTensor) e.getValue()).getInfo().getShape();
                  accumulate(means, e.getKey(), v, (int) shape[1], inputs.size());
                }
              }
            }
          }
        }
      }
    }
    return histograms == null ? ranges : histograms.clipped();
  }

  /** Adds one input's per-channel means, divided by the number of inputs, to {@code means}. */
  private static void accumulate(Map<String, double[]> means, String name, float[] values,
      int channels, int inputs) {
    double[] m = means.computeIfAbsent(name, k -> new double[channels]);
    int per = values.length / channels;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int i = c * per; i < (c + 1) * per; i++) {
        sum += values[i];
      }
      m[c] += sum / per / inputs;
    }
  }

  private static void widen(float[] range, float[] values) {
    for (float x : values) {
      range[0] = Math.min(range[0], x);
      range[1] = Math.max(range[1], x);
    }
  }

  /** The QDQ graph: Q/DQ pairs on the activations, DQ on the quantized weights and biases. */
  private static byte[] rewrite(OnnxFile model, Map<String, float[]> ranges,
      Map<String, double[]> means, Set<Node> floatConvs) {
    Map<String, Float> scales = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    // where each activation's dequantized copy is read instead of the activation
    Map<String, String> dequantized = new HashMap<>();
    if (ranges.containsKey(model.input)) {
      nodes.addAll(quantizeActivation(model, model.input, ranges.get(model.input), scales,
          dequantized));
    }
    for (Node original : model.nodes) {
      Node node = original;
      for (String in : original.inputs()) {
        if (dequantized.containsKey(in)) {
          node = node.withInput(in, dequantized.get(in));
        }
      }
      if (node.opType().equals("Conv") && floatConvs.contains(original) == false) {
        String x = original.inputs().get(0);
        Float inputScale = scales.get(x);
        if (inputScale == null) {
          throw new IllegalStateException("the input of " + original.name() + " is not quantized");
        }
        node = quantizeWeights(model, node, original, inputScale, means.get(x), nodes);
      }
      nodes.add(node);
      for (String out : original.outputs()) {
        if (ranges.containsKey(out)) {
          nodes.addAll(quantizeActivation(model, out, ranges.get(out), scales, dequantized));
        }
      }
    }
    model.nodes.clear();
    model.nodes.addAll(nodes);
    return model.write(OPSET, List.of());
  }

  /** A Q/DQ pair for one activation, uint8 with a zero point over its calibrated range. */
  private static List<Node> quantizeActivation(OnnxFile model, String name, float[] range,
      Map<String, Float> scales, Map<String, String> dequantized) {
    float lo = Math.min(0f, range[0]);
    float hi = Math.max(0f, range[1]);
    float scale = round8((hi - lo) / 255f);
    if (scale == 0) {
      scale = 1f;
    }
    int zero = Math.clamp(Math.round(-lo / scale), 0, 255);
    scales.put(name, scale);
    model.initializers.put(name + "_scale", Tensor.floats(name + "_scale", new long[0],
        new float[] {scale}));
    model.initializers.put(name + "_zero", Tensor.bytes(name + "_zero", OnnxFile.UINT8,
        new long[0], new byte[] {(byte) zero}));
    dequantized.put(name, name + "_dq");
    return List.of(
        Node.of("QuantizeLinear", List.of(name, name + "_scale", name + "_zero"),
            List.of(name + "_q"), name + "_quantize"),
        Node.of("DequantizeLinear", List.of(name + "_q", name + "_scale", name + "_zero"),
            List.of(name + "_dq"), name + "_dequantize"));
  }

  /**
   * Replaces a convolution's float weights and bias by int8 weights (one scale per output
   * channel) and int32 biases behind DequantizeLinear nodes, added to {@code nodes}.
   */
  private static Node quantizeWeights(OnnxFile model, Node node, Node original, float inputScale,
      double[] inputMeans, List<Node> nodes) {
    String w = original.inputs().get(1);
    Tensor weights = model.initializers.remove(w);
    if (weights == null) {
      throw new IllegalStateException(original.name() + ": its weights are not an initializer");
    }
    float[] values = weights.toFloats();
    int channels = (int) weights.dims()[0];
    int per = values.length / channels;
    float[] channelScales = new float[channels];
    byte[] q = new byte[values.length];
    for (int c = 0; c < channels; c++) {
      float max = 0;
      for (int i = c * per; i < (c + 1) * per; i++) {
        max = Math.max(max, Math.abs(values[i]));
      }
      float s = max == 0 ? 1f : round8(max / 127f);
      channelScales[c] = s;
      for (int i = c * per; i < (c + 1) * per; i++) {
        q[i] = (byte) Math.clamp(Math.round(values[i] / s), -127, 127);
      }
    }
    long[] perChannel = {channels};
    model.initializers.put(w + "_q", Tensor.bytes(w + "_q", OnnxFile.INT8, weights.dims(), q));
    model.initializers.put(w + "_scale", Tensor.floats(w + "_scale", perChannel, channelScales));
    model.initializers.put(w + "_zero", Tensor.bytes(w + "_zero", OnnxFile.INT8, perChannel,
        new byte[channels]));
    nodes.add(Node.of("DequantizeLinear", List.of(w + "_q", w + "_scale", w + "_zero"),
        List.of(w + "_dq"), w + "_dequantize", "axis", 0));
    Node out = node.withInput(w, w + "_dq");
    if (original.inputs().size() > 2) {
      String b = original.inputs().get(2);
      float[] bias = model.initializers.remove(b).toFloats();
      float[] biasScales = new float[channels];
      int[] qb = new int[channels];
      // Bias correction (Nagel et al. 2019): the quantized weights' error times the input's mean
      // per channel shifts each output on average; the bias takes it back.
      long group = original.intAttribute("group", 1);
      int inPerGroup = (int) weights.dims()[1];
      int kernel = per / inPerGroup;
      int outPerGroup = (int) (channels / group);
      for (int c = 0; c < channels; c++) {
        double shift = 0;
        if (inputMeans != null) {
          int firstInput = (c / outPerGroup) * inPerGroup;
          for (int i = 0; i < inPerGroup; i++) {
            double error = 0;
            for (int k = 0; k < kernel; k++) {
              int at = c * per + i * kernel + k;
              error += q[at] * channelScales[c] - values[at];
            }
            shift += error * inputMeans[firstInput + i];
          }
        }
        biasScales[c] = inputScale * channelScales[c];
        qb[c] = (int) Math.round((bias[c] - shift) / biasScales[c]);
      }
      model.initializers.put(b + "_q", Tensor.ints(b + "_q", perChannel, qb));
      model.initializers.put(b + "_scale", Tensor.floats(b + "_scale", perChannel, biasScales));
      model.initializers.put(b + "_zero", Tensor.ints(b + "_zero", perChannel, new int[channels]));
      nodes.add(Node.of("DequantizeLinear", List.of(b + "_q", b + "_scale", b + "_zero"),
          List.of(b + "_dq"), b + "_dequantize", "axis", 0));
      out = out.withInput(b, b + "_dq");
    }
    return out;
  }

  /** Rounds a positive float to 8 significant bits. */
  static float round8(float x) {
    int e = Math.getExponent(x);
    return Math.scalb((float) Math.rint(Math.scalb(x, 7 - e)), e - 7);
  }

  private record Options(Path model, Path splitOut, Path int8Out, Path lfw, Path models,
      int calibrationImages, double percentile, int floatTail) {
    static Options parse(String[] args) {
      Path model = Path.of("models/fr_feature.onnx");
      Path splitOut = null;
      Path int8Out = null;
      Path lfw = Path.of("../shared/data/lfw");
      Path models = Path.of("models");
      int images = 256;
      double percentile = 99.999;
      int tail = 1;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--model" -> model = Path.of(v);
          case "--split-out" -> splitOut = Path.of(v);
          case "--int8-out" -> int8Out = Path.of(v);
          case "--lfw" -> lfw = Path.of(v);
          case "--models" -> models = Path.of(v);
          case "--calibration-images" -> images = Integer.parseInt(v);
          case "--percentile" -> percentile = Double.parseDouble(v);
          case "--float-tail" -> tail = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (images < 1 || tail < 0 || percentile <= 50 || percentile > 100) {
        throw new IllegalArgumentException("--calibration-images must be at least 1,"
            + " --float-tail at least 0 and --percentile in (50, 100]");
      }
      if (splitOut == null && int8Out == null) {
        throw new IllegalArgumentException("nothing to write: give --split-out, --int8-out or both");
      }
      return new Options(model, splitOut, int8Out, lfw, models, images, percentile, tail);
    }
  }
}
