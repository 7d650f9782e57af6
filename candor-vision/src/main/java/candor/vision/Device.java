package candor.vision;

/** Where ONNX Runtime runs the models. */
public enum Device {
  /** The default: ONNX Runtime's CPU provider. */
  CPU,
  /** ONNX Runtime's CUDA provider; needs the onnxruntime_gpu artifact and an NVIDIA GPU. */
  CUDA
}
