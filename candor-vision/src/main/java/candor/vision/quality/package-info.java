/**
 * Face quality and head pose from the pipeline's own signals: box size, sharpness and brightness
 * of the aligned crop, landmark geometry and detector confidence. Nothing here infers a trait of
 * the person.
 */
package candor.vision.quality;
