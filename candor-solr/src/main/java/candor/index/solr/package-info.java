/**
 * The vector index on an existing SolrCloud cluster, through SolrJ (which carries no Lucene, so
 * it sits beside candor-index's Lucene 10); no SolrJ type leaves this package.
 */
package candor.index.solr;
