package dev.videoagent.assembly;

import dev.videoagent.adapters.persistence.FileVideoStore;
import dev.videoagent.adapters.persistence.S3StoreConfig;
import dev.videoagent.adapters.persistence.S3VideoStore;
import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.StoreLocation;
import dev.videoagent.assembly.config.StoreSettings;
import dev.videoagent.core.port.VideoStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/** Opens the video store a {@link StoreLocation} names: a folder, or an S3-compatible bucket. */
public final class VideoStores {
  private VideoStores() {}

  /**
   * The store at {@code settings.location()}; an object store is registered with {@code closer}.
   *
   * @throws ConfigException naming {@code AWS_REGION} when object storage has no region
   */
  public static VideoStore open(StoreSettings settings, Clock clock, Closer closer) {
    if (settings.location() instanceof StoreLocation.Bucket bucket) {
      S3StoreConfig config = S3StoreConfig.of(bucket.bucket(), bucket.prefix());
      if (settings.s3Endpoint().isPresent()) {
        config = config.withEndpoint(settings.s3Endpoint().get(), settings.usesPathStyle());
      } else if (settings.usesPathStyle()) {
        config = config.withEndpoint(null, true);
      }
      if (settings.region() != null) {
        config = config.withRegion(settings.region());
      }
      if (settings.hasKeys()) {
        config =
            config.withCredentials(
                new S3StoreConfig.Credentials(
                    settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken()));
      }
      try {
        return closer.register(S3VideoStore.open(config, clock));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            Setting.AWS_REGION.variable()
                + " is not set and the AWS SDK found no region for "
                + bucket.text()
                + ": set it to the bucket's region.");
      }
    }
    return new FileVideoStore(((StoreLocation.Folder) settings.location()).path(), clock);
  }

  /**
   * Removes what writers that died left behind: part files in a folder, open multipart uploads in a
   * bucket.
   *
   * @return how many were removed
   */
  public static int removeStale(VideoStore store, Duration age) {
    try {
      if (store instanceof FileVideoStore folder) {
        return folder.removeStaleParts(age);
      }
      if (store instanceof S3VideoStore bucket) {
        return bucket.abortStaleUploads(age);
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not read the video store " + store + ": " + e.getMessage(), e);
    }
  }
}
