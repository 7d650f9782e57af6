/**
 * Model packs: a descriptor naming the detector, landmarker and embedder a pipeline uses, each
 * file with its SHA-256, and the model store folders the files are found in.
 */
package candor.vision.pack;
