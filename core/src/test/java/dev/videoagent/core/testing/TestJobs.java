package dev.videoagent.core.testing;

import dev.videoagent.core.Orientation;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Jobs for tests, with every field filled so that round trips are checked in full. */
public final class TestJobs {
  private TestJobs() {}

  public static VideoRequest fullRequest() {
    return new VideoRequest(
        "A 30-second product demo of our new AI features",
        "avatar_anna",
        "voice_en_1",
        Orientation.PORTRAIT,
        Map.of("campaign", "launch", "owner", "ops team"),
        URI.create("https://hooks.example.com/videos?x=1"));
  }

  public static VideoJob pending(String id, String tenant, Instant now) {
    return VideoJob.create(
        id,
        tenant,
        VideoRequest.of("prompt of " + id),
        null,
        "tok-" + id,
        now,
        now.plus(Duration.ofHours(2)));
  }

  public static VideoJob pendingWithKey(String id, String tenant, String key, Instant now) {
    return VideoJob.create(
        id, tenant, fullRequest(), key, "tok-" + id, now, now.plus(Duration.ofHours(2)));
  }

  /** Ids that sort like the real generator's: later index, later id. */
  public static String id(int index) {
    return String.format("vid_%026d", index);
  }
}
