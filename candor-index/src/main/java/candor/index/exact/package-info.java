/**
 * The exact index: a brute-force SIMD scan over every stored template, the ground truth that the
 * approximate index is measured against and the right choice for galleries of up to about a
 * hundred thousand faces.
 */
package candor.index.exact;
