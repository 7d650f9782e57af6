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
  private volatile boolean closed;

  /**
   * Loads and checks a model.
   *
   * @param file the .onnx file
   * @param sha256 the expected lower-case hex SHA-256 of the file
   * @param expectedInputShape the single input's shape, e.g. {@code [1, 3, 112, 112]}
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
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      if (inputs.size() != 1) {
        throw new ModelException(file + ": expected 1 input, model declares " + inputs.keySet());
      }
      name = inputs.keySet().iterator().next();
      shape = ((TensorInfo) inputs.get(name).getInfo()).getShape();
      if (!Arrays.equals(shape, expectedInputShape)) {
        throw new ModelException(file + ": expected input " + Arrays.toString(expectedInputShape)
            + ", model declares " + Arrays.toString(shape));
      }
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session, e);
      throw e instanceof ModelException m ? m : new ModelException(file + ": cannot read the model's inputs", e);
    }
    this.inputName = name;
    this.inputShape = shape;
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
