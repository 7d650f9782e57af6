package candor.index.solr;

import candor.index.IndexConfig;
import candor.index.VectorIndex;
import candor.index.VectorIndexContractTest;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the {@link VectorIndex} contract against {@link SolrVectorIndex} on a real two-node
 * SolrCloud cluster, in collections of two shards.
 *
 * <p>The contract names an index by its folder. Here a test's "folder" is the index's {@link
 * SolrIndexConfig#location()} (ZooKeeper address and collection), which is what the messages the
 * contract checks name; reopening the folder reopens the collection.
 *
 * <p>Creating a collection costs seconds, so the tests share two, emptied (deleted and expunged)
 * before each test's first open: one for the contract's 32-dimension indexes and, since a Solr
 * schema fixes the dimension, one for tests that first open a 512-dimension index.
 */
@ExtendWith(SolrVectorIndexContractTest.LocalFolderTests.class)
class SolrVectorIndexContractTest extends VectorIndexContractTest {

  @RegisterExtension static final SolrTestCluster CLUSTER = new SolrTestCluster(2);

  private SolrIndexConfig small;
  private SolrIndexConfig opened;

  @BeforeEach
  void nameTheFolderAfterTheCollection() {
    small = CLUSTER.config("contract_" + DIM, 2, 1);
    folder = small.location();
    opened = null;
  }

  @Override
  protected VectorIndex openIndex(Path folder, IndexConfig config) {
    if (opened == null) {
      opened = config.dimension() == DIM ? small
          : small.withCollection("contract_" + config.dimension());
      try {
        CLUSTER.empty(opened.collection());
      } catch (Exception e) {
        throw new IllegalStateException("could not empty " + opened.collection(), e);
      }
    }
    return SolrVectorIndex.open(opened, config);
  }

  /**
   * Skips the contract test that scans the index folder's files: Solr keeps them on its nodes.
   * {@code SolrVectorIndexTest.expunge_deletes_leaves_no_bytes_of_an_erased_template_on_any_node}
   * scans the nodes' folders instead.
   */
  static final class LocalFolderTests implements ExecutionCondition {

    private static final Set<String> SCANS_LOCAL_FOLDER =
        Set.of("expunge_deletes_leaves_no_bytes_of_a_deleted_template_in_any_file");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getTestMethod()
          .filter(method -> SCANS_LOCAL_FOLDER.contains(method.getName()))
          .map(method -> ConditionEvaluationResult.disabled("Solr keeps its files on the "
              + "cluster's nodes; SolrVectorIndexTest scans them instead"))
          .orElse(ConditionEvaluationResult.enabled("not about a local folder"));
    }
  }
}
