/**
 * Test infrastructure: a real SolrCloud cluster in its own JVM, forked and driven over standard
 * input by the tests of {@code candor-solr}; never deployed.
 */
package candor.solr.cluster;
