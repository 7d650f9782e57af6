/**
 * The face engine's public API: an image goes in, faces with boxes, landmarks, quality and
 * L2-normalised templates come out. Implementations live in sub-packages named after their
 * technology ({@code onnx}) or concern ({@code image}, {@code align}).
 */
package candor.vision;
