package dev.videoagent.adapters.persistence;

import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/** How a create's statements reach the database: in a transaction of their own, or grouped. */
interface CreateWrites {
  /**
   * Runs {@code work} in a transaction and returns once it is committed.
   *
   * @throws RuntimeException what {@code work} threw, or why the transaction failed; nothing of
   *     {@code work} is then stored
   */
  void write(HandleConsumer<RuntimeException> work);

  /**
   * Each create in its own transaction: on PostgreSQL, where writers do not wait for one another
   * and the server groups concurrent commits itself, and on a host's own SQLite pool.
   */
  static CreateWrites eachAlone(Jdbi jdbi) {
    return jdbi::useTransaction;
  }
}
