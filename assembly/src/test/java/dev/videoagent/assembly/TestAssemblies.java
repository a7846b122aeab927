package dev.videoagent.assembly;

import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.SettingValues;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.JobRepository;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Settings and stored jobs for tests that build an assembly on a scratch home. */
public final class TestAssemblies {
  private TestAssemblies() {}

  /** Settings with their home (and SQLite file) in {@code home}, or on {@code databaseUrl}. */
  public static Settings settings(Path home, boolean allowPrivate, String databaseUrl) {
    SettingValues values =
        new SettingValues()
            .put(Setting.VIDEOAGENT_HOME, home)
            .put(Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS, allowPrivate);
    if (databaseUrl != null) {
      values.put(Setting.VIDEOAGENT_DB, databaseUrl);
    }
    return Settings.from(values, home);
  }

  /** A job stored as the gateway accepted it, with its events recorded. */
  public static VideoJob queued(JobRepository jobs, String id, String tenant, URI callbackUrl) {
    Instant now = Instant.now();
    VideoRequest request =
        new VideoRequest("prompt " + id, null, null, null, Map.of(), callbackUrl);
    VideoJob stored =
        jobs.insert(
            VideoJob.create(id, tenant, request, null, "tok-" + id, now, now.plusSeconds(3600)));
    return jobs.update(
            stored
                .submissionStarted(now, now.plusSeconds(60))
                .acceptedByGateway("req-" + id, false, now, now.plusSeconds(5)))
        .orElseThrow();
  }
}
