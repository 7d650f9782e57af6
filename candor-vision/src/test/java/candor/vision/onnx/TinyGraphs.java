package candor.vision.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny ONNX graphs for tests, as ONNX Runtime's own Java tests do ({@code
 * ModelGenerators}): a few operators, the wire format of {@code onnx.proto} written by hand (no
 * protobuf library needed), so that tests of the model plumbing need no real model file. Covers
 * what Candor's tests need: an SCRFD-shaped detector whose outputs are constants the test chooses,
 * and an embedder that pools the crop and projects it.
 *
 * <p>Shapes use -1 for a free (dynamic) dimension.
 */
public final class TinyGraphs {
  private static final int FLOAT = 1;

  private TinyGraphs() {}

  /** One graph output: its name, declared shape and constant value. */
  public record ConstantOutput(String name, long[] shape, float[] values) {}

  /**
   * A graph with one float input (unused) and outputs that are constants.
   *
   * @param file where to write it
   * @param inputName the input's name
   * @param inputShape its declared shape
   * @param outputs the outputs, in order; each is an {@code Identity} of an initializer
   */
  public static Path constants(Path file, String inputName, long[] inputShape, List<ConstantOutput> outputs) {
    Graph g = new Graph();
    g.input(inputName, inputShape);
    for (ConstantOutput o : outputs) {
      long[] dims = new long[o.shape().length];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = o.shape()[i] < 0 ? 1 : o.shape()[i];
      }
      if (dims.length == 2 && o.shape()[0] < 0) {
        dims[0] = o.values().length / dims[1];
      }
      g.initializer(o.name() + "_value", dims, o.values());
      g.node("Identity", List.of(o.name() + "_value"), List.of(o.name()), List.of());
      g.output(o.name(), o.shape());
    }
    return g.write(file);
  }

  /**
   * An embedder: {@code [1, 3, size, size]} in, the per-channel means projected by {@code weights}
   * ({@code 3 x dim}, row-major) out as {@code [1, dim]}.
   */
  public static Path pooledEmbedder(Path file, int size, float[] weights, int dim) {
    if (weights.length != 3 * dim) {
      throw new IllegalArgumentException("need 3 x " + dim + " weights, got " + weights.length);
    }
    Graph g = new Graph();
    g.input("input", new long[] {1, 3, size, size});
    g.initializer("w", new long[] {3, dim}, weights);
    g.node("GlobalAveragePool", List.of("input"), List.of("pooled"), List.of());
    g.node("Flatten", List.of("pooled"), List.of("flat"), List.of(Attribute.ofInt("axis", 1)));
    g.node("MatMul", List.of("flat", "w"), List.of("output"), List.of());
    g.output("output", new long[] {1, dim});
    return g.write(file);
  }

  /** A node attribute (an integer only: all these graphs need). */
  record Attribute(String name, long value) {
    static Attribute ofInt(String name, long value) {
      return new Attribute(name, value);
    }
  }

  /** A graph under construction. */
  static final class Graph {
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    void input(String name, long[] shape) {
      inputs.add(valueInfo(name, shape));
    }

    void output(String name, long[] shape) {
      outputs.add(valueInfo(name, shape));
    }

    void initializer(String name, long[] dims, float[] values) {
      Proto t = new Proto();
      for (long d : dims) {
        t.varint(1, d);
      }
      t.varint(2, FLOAT);
      t.string(8, name);
      ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        raw.putFloat(v);
      }
      t.bytes(9, raw.array());
      initializers.add(t.toBytes());
    }

    void node(String op, List<String> in, List<String> out, List<Attribute> attributes) {
      Proto n = new Proto();
      in.forEach(s -> n.string(1, s));
      out.forEach(s -> n.string(2, s));
      n.string(3, op + "_" + nodes.size());
      n.string(4, op);
      for (Attribute a : attributes) {
        Proto p = new Proto();
        p.string(1, a.name());
        p.varint(3, a.value());
        p.varint(20, 2); // AttributeType INT
        n.bytes(5, p.toBytes());
      }
      nodes.add(n.toBytes());
    }

    Path write(Path file) {
      Proto graph = new Proto();
      nodes.forEach(b -> graph.bytes(1, b));
      graph.string(2, "tiny");
      initializers.forEach(b -> graph.bytes(5, b));
      inputs.forEach(b -> graph.bytes(11, b));
      outputs.forEach(b -> graph.bytes(12, b));
      Proto opset = new Proto();
      opset.string(1, "");
      opset.varint(2, 13);
      Proto model = new Proto();
      model.varint(1, 7); // IR version 7 (ONNX 1.8)
      model.string(2, "candor-tests");
      model.bytes(7, graph.toBytes());
      model.bytes(8, opset.toBytes());
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, model.toBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return file;
    }

    private static byte[] valueInfo(String name, long[] shape) {
      Proto dims = new Proto();
      for (long d : shape) {
        Proto dim = new Proto();
        if (d < 0) {
          dim.string(2, "n" + dims.size());
        } else {
          dim.varint(1, d);
        }
        dims.bytes(1, dim.toBytes());
      }
      Proto tensor = new Proto();
      tensor.varint(1, FLOAT);
      tensor.bytes(2, dims.toBytes());
      Proto type = new Proto();
      type.bytes(1, tensor.toBytes());
      Proto info = new Proto();
      info.string(1, name);
      info.bytes(2, type.toBytes());
      return info.toBytes();
    }
  }

  /** The protobuf wire format: varints and length-delimited fields, all the ONNX messages need. */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
    }

    int size() {
      return out.size();
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
