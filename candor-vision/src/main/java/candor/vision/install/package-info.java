/**
 * Installing into a model store folder: single model files checked by SHA-256, and whole packs
 * (an EdgeFace embedder behind YuNet, an InsightFace model folder, or a descriptor of one's own)
 * checked by hash and against their graphs, with their licence declared and, for non-commercial
 * or research-only terms, accepted by name.
 */
package candor.vision.install;
