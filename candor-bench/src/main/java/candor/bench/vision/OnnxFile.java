package candor.bench.vision;

import candor.bench.vision.Protobuf.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model file as much as rewriting a convolutional network's graph needs: its nodes (op
 * type, inputs, outputs, attributes kept as they were), its initializers (kept as they were
 * unless replaced), its outputs, and the rest of the model and graph kept field for field.
 *
 * <p>Field numbers are those of {@code onnx.proto} (ModelProto: 1 ir_version, 7 graph, 8
 * opset_import; GraphProto: 1 node, 5 initializer, 11 input, 12 output; NodeProto: 1 input, 2
 * output, 3 name, 4 op_type, 5 attribute; TensorProto: 1 dims, 2 data_type, 4 float_data, 8 name,
 * 9 raw_data; ValueInfoProto: 1 name, 2 type), from the ONNX specification's public schema.
 */
final class OnnxFile {

  /** TensorProto data types used here. */
  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;
  static final int INT64 = 7;

  /** A graph node. */
  record Node(String opType, List<String> inputs, List<String> outputs, String name,
      List<byte[]> attributes) {

    /** A node with integer attributes given as name, value pairs. */
    static Node of(String opType, List<String> inputs, List<String> outputs, String name,
        Object... intAttributes) {
      List<byte[]> attributes = new ArrayList<>();
      for (int i = 0; i < intAttributes.length; i += 2) {
        attributes.add(Protobuf.write(List.of(Field.string(1, (String) intAttributes[i]),
            Field.varint(3, ((Number) intAttributes[i + 1]).longValue()),
            Field.varint(20, 2)))); // AttributeProto.type = INT
      }
      return new Node(opType, List.copyOf(inputs), List.copyOf(outputs), name, attributes);
    }

    /** An integer attribute's value, or {@code otherwise} when the node has none of that name. */
    long intAttribute(String attribute, long otherwise) {
      for (byte[] a : attributes) {
        List<Field> fields = Protobuf.parse(a);
        Field n = Protobuf.first(fields, 1);
        Field i = Protobuf.first(fields, 3);
        if (n != null && n.text().equals(attribute) && i != null) {
          return i.number64();
        }
      }
      return otherwise;
    }

    /** This node with {@code from} replaced by {@code to} among its inputs. */
    Node withInput(String from, String to) {
      return new Node(opType, inputs.stream().map(i -> i.equals(from) ? to : i).toList(), outputs,
          name, attributes);
    }

    byte[] encode() {
      List<Field> fields = new ArrayList<>();
      inputs.forEach(i -> fields.add(Field.string(1, i)));
      outputs.forEach(o -> fields.add(Field.string(2, o)));
      if (name != null) {
        fields.add(Field.string(3, name));
      }
      fields.add(Field.string(4, opType));
      attributes.forEach(a -> fields.add(Field.bytes(5, a)));
      return Protobuf.write(fields);
    }

    static Node decode(byte[] bytes) {
      List<String> inputs = new ArrayList<>();
      List<String> outputs = new ArrayList<>();
      List<byte[]> attributes = new ArrayList<>();
      String name = null;
      String op = null;
      for (Field f : Protobuf.parse(bytes)) {
        switch (f.number()) {
          case 1 -> inputs.add(f.text());
          case 2 -> outputs.add(f.text());
          case 3 -> name = f.text();
          case 4 -> op = f.text();
          case 5 -> attributes.add(f.bytes());
          case 7 -> {
            if (f.text().isEmpty() == false) {
              throw new IllegalArgumentException("node of domain " + f.text() + " not supported");
            }
          }
          default -> { } // doc_string
        }
      }
      return new Node(op, inputs, outputs, name, attributes);
    }
  }

  /** A tensor: name, data type, dimensions and little-endian raw bytes. */
  record Tensor(String name, int dataType, long[] dims, byte[] raw) {

    static Tensor floats(String name, long[] dims, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return new Tensor(name, FLOAT, dims, b.array());
    }

    static Tensor ints(String name, long[] dims, int[] values) {
      ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(values);
      return new Tensor(name, INT32, dims, b.array());
    }

    static Tensor bytes(String name, int dataType, long[] dims, byte[] values) {
      return new Tensor(name, dataType, dims, values.clone());
    }

    float[] toFloats() {
      if (dataType != FLOAT) {
        throw new IllegalStateException(name + " is of data type " + dataType + ", not float");
      }
      float[] values = new float[raw.length / 4];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }

    byte[] encode() {
      List<Field> fields = new ArrayList<>();
      for (long d : dims) {
        fields.add(Field.varint(1, d));
      }
      fields.add(Field.varint(2, dataType));
      fields.add(Field.string(8, name));
      fields.add(Field.bytes(9, raw));
      return Protobuf.write(fields);
    }

    static Tensor decode(byte[] bytes) {
      List<Field> fields = Protobuf.parse(bytes);
      long[] dims = Protobuf.longs(fields, 1).stream().mapToLong(Long::longValue).toArray();
      int type = (int) Protobuf.first(fields, 2).number64();
      String name = Protobuf.first(fields, 8).text();
      Field raw = Protobuf.first(fields, 9);
      if (raw != null) {
        return new Tensor(name, type, dims, raw.bytes());
      }
      if (type != FLOAT) {
        throw new IllegalArgumentException(name + ": only float tensors without raw_data are read");
      }
      // float_data: packed, or one fixed32 field per value
      ByteBuffer out = ByteBuffer.allocate(4 * (int) count(dims)).order(ByteOrder.LITTLE_ENDIAN);
      for (Field f : fields) {
        if (f.number() == 4 && f.wireType() == Protobuf.BYTES) {
          out.put(f.bytes());
        } else if (f.number() == 4) {
          out.putInt((int) f.number64());
        }
      }
      return new Tensor(name, type, dims, out.array());
    }
  }

  private final List<Field> model;
  private final List<Field> graph;
  final List<Node> nodes = new ArrayList<>();
  final Map<String, Tensor> initializers = new LinkedHashMap<>();
  final List<String> outputs = new ArrayList<>();
  final List<byte[]> outputInfos = new ArrayList<>();
  final String input;

  private OnnxFile(byte[] bytes) {
    List<Field> modelFields = Protobuf.parse(bytes);
    Field graphField = Protobuf.first(modelFields, 7);
    if (graphField == null) {
      throw new IllegalArgumentException("not an ONNX model: no graph");
    }
    this.model = modelFields.stream().filter(f -> f.number() != 7 && f.number() != 8).toList();
    List<Field> graphFields = Protobuf.parse(graphField.bytes());
    List<Field> rest = new ArrayList<>();
    String in = null;
    for (Field f : graphFields) {
      switch (f.number()) {
        case 1 -> nodes.add(Node.decode(f.bytes()));
        case 5 -> {
          Tensor t = Tensor.decode(f.bytes());
          initializers.put(t.name(), t);
        }
        case 12 -> {
          outputs.add(Protobuf.first(Protobuf.parse(f.bytes()), 1).text());
          outputInfos.add(f.bytes());
        }
        default -> {
          if (f.number() == 11 && in == null) {
            in = Protobuf.first(Protobuf.parse(f.bytes()), 1).text();
          }
          rest.add(f);
        }
      }
    }
    this.graph = rest;
    this.input = in;
  }

  /** Parses a model. */
  static OnnxFile parse(byte[] bytes) {
    return new OnnxFile(bytes);
  }

  /** The opset version of the default domain. */
  static long opset(byte[] bytes) {
    for (Field f : Protobuf.parse(bytes)) {
      if (f.number() == 8) {
        List<Field> op = Protobuf.parse(f.bytes());
        Field domain = Protobuf.first(op, 1);
        if (domain == null || domain.text().isEmpty()) {
          return Protobuf.first(op, 2).number64();
        }
      }
    }
    throw new IllegalArgumentException("no opset for the default domain");
  }

  /**
   * Writes the model with this object's nodes, initializers and outputs, declaring {@code opset}
   * for the default domain; extra outputs are declared as float tensors of unknown shape.
   */
  byte[] write(long opset, List<String> extraOutputs) {
    List<Field> g = new ArrayList<>();
    nodes.forEach(n -> g.add(Field.bytes(1, n.encode())));
    initializers.values().forEach(t -> g.add(Field.bytes(5, t.encode())));
    g.addAll(graph);
    outputInfos.forEach(o -> g.add(Field.bytes(12, o)));
    for (String name : extraOutputs) {
      byte[] tensorType = Protobuf.write(List.of(Field.varint(1, FLOAT)));
      byte[] type = Protobuf.write(List.of(Field.bytes(1, tensorType)));
      g.add(Field.bytes(12, Protobuf.write(List.of(Field.string(1, name), Field.bytes(2, type)))));
    }
    List<Field> m = new ArrayList<>(model);
    m.add(Field.bytes(7, Protobuf.write(g)));
    m.add(Field.bytes(8, Protobuf.write(List.of(Field.string(1, ""), Field.varint(2, opset)))));
    return Protobuf.write(m);
  }

  /**
   * Declares the first dimension of the input and the outputs as a free batch dimension {@code
   * N}, and makes Reshape shapes that fix it at 1 keep it instead (0 copies the input's).
   */
  void dynamicBatch() {
    for (int i = 0; i < graph.size(); i++) {
      if (graph.get(i).number() == 11) {
        graph.set(i, Field.bytes(11, batchFree(graph.get(i).bytes())));
      }
    }
    outputInfos.replaceAll(OnnxFile::batchFree);
    for (Node n : nodes) {
      if (n.opType().equals("Reshape") && initializers.containsKey(n.inputs().get(1))) {
        Tensor shape = initializers.get(n.inputs().get(1));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(shape.raw().clone())
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (shape.dataType() == INT64 && b.getLong(0) == 1) {
          b.putLong(0, 0);
          initializers.put(shape.name(), new Tensor(shape.name(), INT64, shape.dims(), b.array()));
        }
      }
    }
  }

  /** A ValueInfoProto with its first dimension replaced by the parameter {@code N}. */
  private static byte[] batchFree(byte[] valueInfo) {
    List<Field> info = new ArrayList<>(Protobuf.parse(valueInfo));
    for (int i = 0; i < info.size(); i++) {
      if (info.get(i).number() != 2) {
        continue;
      }
      List<Field> type = new ArrayList<>(Protobuf.parse(info.get(i).bytes()));
      List<Field> tensor = new ArrayList<>(Protobuf.parse(Protobuf.first(type, 1).bytes()));
      List<Field> shape = new ArrayList<>(Protobuf.parse(Protobuf.first(tensor, 2).bytes()));
      for (int d = 0; d < shape.size(); d++) {
        if (shape.get(d).number() == 1) {
          shape.set(d, Field.bytes(1, Protobuf.write(List.of(Field.string(2, "N")))));
          break;
        }
      }
      tensor.replaceAll(f -> f.number() == 2 ? Field.bytes(2, Protobuf.write(shape)) : f);
      type.replaceAll(f -> f.number() == 1 ? Field.bytes(1, Protobuf.write(tensor)) : f);
      info.set(i, Field.bytes(2, Protobuf.write(type)));
    }
    return Protobuf.write(info);
  }

  static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }
}
