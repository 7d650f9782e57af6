/**
 * People's rights over their own faces: the requests they make (access, erasure, objection, an
 * opt-out and its removal) and the register that dates them, the faces an access request found
 * and what was done with each, the erasure receipts attached to a request, the do-not-enrol
 * list, and the store that keeps them ({@link candor.core.rights.RightsStore}).
 *
 * <p>Privacy: a requester's photo is kept sealed only while their request is open; an opt-out
 * keeps a sealed template, never a photo.
 */
package candor.core.rights;
