/**
 * The gallery's domain values: collections, lawful bases, subjects, media and faces, as
 * immutable records that validate themselves on construction.
 *
 * <p>Privacy: {@link candor.core.model.Face} and {@link candor.core.model.FaceDraft} carry face
 * templates, which are biometric data. They copy the template on the way in and out, and their
 * {@code toString()} never prints it, so logging a record writes no template.
 */
package candor.core.model;
