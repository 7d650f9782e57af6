/**
 * ONNX Runtime implementations of the engine's stages: the model session wrapper that checks a
 * model's hash and shapes before use, the RFB-320 and YuNet detectors, the 68-point landmarker and
 * the ArcFace-style embedder.
 */
package candor.vision.onnx;
