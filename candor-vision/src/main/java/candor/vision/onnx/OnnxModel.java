package candor.vision.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import candor.vision.Device;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ONNX model loaded once and shared: checks the file's SHA-256 and the declared input shape
 * before the first image, so a wrong or corrupt file fails at start-up with a clear message.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run from many threads at once. Close it to free the
 * native session; running it after close throws {@link IllegalStateException}.
 */
public final class OnnxModel implements AutoCloseable {
  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final long[] inputShape;
  private final long[] declaredInputShape;
  private final Map<String, long[]> outputShapes;
  private volatile boolean closed;

  /**
   * Loads and checks a model.
   *
   * @param file the .onnx file
   * @param sha256 the expected lower-case hex SHA-256 of the file
   * @param expectedInputShape the shape of the tensor every run feeds, e.g. {@code [1, 3, 112, 112]}:
   *     the model's single input must declare it, except that a dimension the graph leaves free
   *     (dynamic, -1) takes any value
   * @param intraOpThreads threads per run, 0 for the runtime's default
   * @param device CPU or CUDA
   * @throws ModelException when the file is missing, its hash differs, its input shape differs or
   *     the runtime cannot load it
   */
  public OnnxModel(Path file, String sha256, long[] expectedInputShape, int intraOpThreads, Device device) {
    this.file = file;
    verifyHash(file, sha256);
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      options.setInterOpNumThreads(1);
      if (device == Device.CUDA) {
        options.addCUDA(0);
      }
      this.session = env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new ModelException(file + ": ONNX Runtime cannot load the model (" + e.getMessage() + ")", e);
    }
    String name;
    long[] shape;
    Map<String, long[]> outputs = new LinkedHashMap<>();
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      if (inputs.size() != 1) {
        throw new ModelException(file + ": expected 1 input, model declares " + inputs.keySet());
      }
      name = inputs.keySet().iterator().next();
      shape = ((TensorInfo) inputs.get(name).getInfo()).getShape();
      if (!fits(shape, expectedInputShape)) {
        throw new ModelException(file + ": expected input " + Arrays.toString(expectedInputShape)
            + ", model declares " + Arrays.toString(shape));
      }
      // getOutputInfo lists the outputs in the graph's order, which some decoders rely on
      for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
        long[] out = e.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
        outputs.put(e.getKey(), out);
      }
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session, e);
      throw e instanceof ModelException m ? m : new ModelException(file + ": cannot read the model's inputs", e);
    }
    this.inputName = name;
    this.inputShape = expectedInputShape.clone();
    this.declaredInputShape = shape;
    this.outputShapes = outputs;
  }

  /** Whether a declared shape admits a concrete one: equal rank, and each fixed dimension equal. */
  static boolean fits(long[] declared, long[] concrete) {
    if (declared.length != concrete.length) {
      return false;
    }
    for (int i = 0; i < declared.length; i++) {
      if (declared[i] >= 0 && declared[i] != concrete[i]) {
        return false;
      }
    }
    return true;
  }

  /** The input shape the graph declares (a free dimension is -1); a copy. */
  public long[] declaredInputShape() {
    return declaredInputShape.clone();
  }

  /** The shape every run feeds; a copy. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The graph's outputs in their declared order, with their declared shapes (a free dimension is
   * -1; a non-tensor output has an empty shape); copies.
   */
  public Map<String, long[]> outputShapes() {
    Map<String, long[]> copy = new LinkedHashMap<>();
    outputShapes.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  private static void closeQuietly(OrtSession s, Exception cause) {
    try {
      s.close();
    } catch (OrtException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }

  /** SHA-256 of a file as lower-case hex. */
  public static String sha256(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static void verifyHash(Path file, String expected) {
    if (!Files.isRegularFile(file)) {
      throw new ModelException(file + ": model file not found");
    }
    String actual;
    try {
      actual = sha256(file);
    } catch (IOException e) {
      throw new ModelException(file + ": cannot read the model file (" + e.getMessage() + ")", e);
    }
    if (!actual.equalsIgnoreCase(expected)) {
      throw new ModelException(file + ": SHA-256 is " + actual + ", expected " + expected
          + " (wrong or corrupt model file)");
    }
  }

  /** The file this model came from. */
  public Path file() {
    return file;
  }

  /**
   * Runs the model on one input and returns every output as a flat float array, by output name.
   *
   * @param input the input values in the declared shape's row-major order
   */
  public Map<String, float[]> run(float[] input) {
    if (closed) {
      throw new IllegalStateException(file + ": model used after close");
    }
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), inputShape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      Map<String, float[]> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
        FloatBuffer buf = ((OnnxTensor) e.getValue()).getFloatBuffer();
        float[] values = new float[buf.remaining()];
        buf.get(values);
        outputs.put(e.getKey(), values);
      }
      return outputs;
    } catch (OrtException e) {
      throw new ModelException(file + ": inference failed (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException e) {
      throw new ModelException(file + ": closing the session failed", e);
    }
  }
}
