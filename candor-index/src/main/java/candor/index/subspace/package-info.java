/**
 * The subspace face templates vary in: fitted from a sample of them, it lets a graph walk
 * compare short projected copies instead of full templates. Shared by the embedded Lucene index
 * and the SolrCloud one, so that both reduce templates the same way.
 */
package candor.index.subspace;
