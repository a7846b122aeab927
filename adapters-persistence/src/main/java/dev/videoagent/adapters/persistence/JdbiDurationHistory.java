package dev.videoagent.adapters.persistence;

import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.DurationSample;
import dev.videoagent.core.VideoJob;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code job_durations} table: the duration histograms, written in the transaction that
 * completes a job. Each sample decays a kind's rows with one UPDATE and adds itself with one upsert
 * (both row-locking, so instances completing jobs of one kind at once lose no sample); the SQL is
 * the same in SQLite and PostgreSQL.
 */
final class JdbiDurationHistory {
  private static final String DECAY =
      "UPDATE job_durations SET weight = weight * :keep WHERE feature_key = :key";

  private static final String ADD =
      """
      INSERT INTO job_durations (feature_key, bucket, weight) VALUES (:key, :bucket, 1.0)
      ON CONFLICT (feature_key, bucket) DO UPDATE SET weight = job_durations.weight + 1.0
      """;

  private static final String READ =
      "SELECT bucket, weight FROM job_durations WHERE feature_key = :key";

  private final Jdbi jdbi;

  JdbiDurationHistory(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inside the transaction of {@code handle}: the sample of the change, if it completed a job. */
  void record(Handle handle, VideoJob before, VideoJob after) {
    DurationSample.between(before, after)
        .ifPresent(
            sample -> {
              for (String key : sample.keys()) {
                handle
                    .createUpdate(DECAY)
                    .bind("keep", DurationHistogram.KEEP)
                    .bind("key", key)
                    .execute();
                handle.createUpdate(ADD).bind("key", key).bind("bucket", sample.bucket()).execute();
              }
            });
  }

  DurationHistogram read(String key) {
    double[] weights = new double[DurationHistogram.BUCKETS];
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(READ)
                .bind("key", key)
                .map((rs, ctx) -> new double[] {rs.getInt("bucket"), rs.getDouble("weight")})
                .forEach(
                    row -> {
                      int bucket = (int) row[0];
                      if (bucket >= 0 && bucket < weights.length) {
                        weights[bucket] = row[1];
                      }
                    }));
    return DurationHistogram.of(weights);
  }
}
