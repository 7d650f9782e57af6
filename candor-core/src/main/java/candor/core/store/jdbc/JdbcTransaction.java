package candor.core.store.jdbc;

import candor.core.store.Transaction;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transaction of a {@link JdbcStore}: its connection, the thread it belongs to, and the actions
 * to run after commit. Confined to its thread.
 */
final class JdbcTransaction implements Transaction {

  private final JdbcStore store;
  private final Connection connection;
  private final Thread thread;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private boolean open = true;

  JdbcTransaction(JdbcStore store, Connection connection) {
    this.store = store;
    this.connection = connection;
    this.thread = Thread.currentThread();
  }

  /** Returns the connection of {@code tx}, checking it is an open transaction of {@code store}. */
  static Connection connection(Transaction tx, JdbcStore store) {
    Objects.requireNonNull(tx, "tx");
    if (tx instanceof JdbcTransaction jdbc && jdbc.store == store) {
      jdbc.checkOpen();
      return jdbc.connection;
    }
    throw new IllegalArgumentException("the transaction belongs to another store");
  }

  @Override
  public void afterCommit(Runnable action) {
    Objects.requireNonNull(action, "action");
    checkOpen();
    afterCommit.add(action);
  }

  List<Runnable> afterCommitActions() {
    return List.copyOf(afterCommit);
  }

  void close() {
    open = false;
  }

  private void checkOpen() {
    if (open == false) {
      throw new IllegalStateException("the transaction is no longer open");
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "the transaction belongs to thread '" + thread.getName() + "'");
    }
  }
}
