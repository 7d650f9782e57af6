package candor.index.solr;

import java.io.IOException;
import java.time.Duration;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CoreAdminRequest;
import org.apache.solr.client.solrj.response.CoreAdminResponse;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.CoreAdminParams;
import org.apache.solr.common.util.NamedList;

/**
 * What a template collection's replicas hold on disk, from each core's CoreAdmin STATUS: deleted
 * documents and segments summed over shards (for each shard, the most any of its active replicas
 * holds, since erasure must reach every copy) and bytes summed over every active replica.
 *
 * @param deletedDocs deleted documents still in the segment files
 * @param bytes the index size on disk of every active replica together
 * @param segments segments, summed over shards
 */
record ReplicaFiles(long deletedDocs, long bytes, long segments) {

  /**
   * Asks every active replica on a live node for its index status.
   *
   * @param retryTimeout how long each status request is retried
   * @throws IOException if a replica answers without an index status
   */
  static ReplicaFiles of(CloudSolrClient client, String collection, Duration retryTimeout)
      throws SolrServerException, IOException {
    DocCollection state = client.getClusterState().getCollection(collection);
    long deleted = 0;
    long bytes = 0;
    long segments = 0;
    for (Slice slice : state.getSlices()) {
      long mostDeleted = 0;
      long mostSegments = 0;
      for (Replica replica : slice.getReplicas()) {
        if (replica.getState() != Replica.State.ACTIVE
            || client.getClusterState().liveNodesContain(replica.getNodeName()) == false) {
          continue;
        }
        NamedList<Object> index = coreIndexStatus(client, replica, retryTimeout);
        mostDeleted = Math.max(mostDeleted, number(index.get("deletedDocs")));
        mostSegments = Math.max(mostSegments, number(index.get("segmentCount")));
        bytes += number(index.get("sizeInBytes"));
      }
      deleted += mostDeleted;
      segments += mostSegments;
    }
    return new ReplicaFiles(deleted, bytes, segments);
  }

  @SuppressWarnings("unchecked")
  private static NamedList<Object> coreIndexStatus(CloudSolrClient client, Replica replica,
      Duration retryTimeout) throws SolrServerException, IOException {
    CoreAdminRequest status = new CoreAdminRequest();
    status.setAction(CoreAdminParams.CoreAdminAction.STATUS);
    status.setCoreName(replica.getCoreName());
    CoreAdminResponse response = Retry.withRetries(retryTimeout,
        () -> ((CloudHttp2SolrClient) client).getHttpClient()
            .requestWithBaseUrl(replica.getBaseUrl(), null, status));
    NamedList<Object> core = response.getCoreStatus(replica.getCoreName());
    Object index = core == null ? null : core.get("index");
    if (index instanceof NamedList<?> list) {
      return (NamedList<Object>) list;
    }
    throw new IOException("no index status for core " + replica.getCoreName() + " at "
        + replica.getBaseUrl());
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
