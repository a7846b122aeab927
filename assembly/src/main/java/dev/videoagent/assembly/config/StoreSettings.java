package dev.videoagent.assembly.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the videos are kept and, for object storage, how to reach it. What is not set here (region,
 * keys) the AWS SDK finds the usual way: profiles in {@code ~/.aws}, roles. {@link #toString()}
 * hides the secrets.
 *
 * @param endpointS3 {@code AWS_ENDPOINT_URL_S3}, or null
 * @param endpoint {@code AWS_ENDPOINT_URL}, or null
 * @param region {@code AWS_REGION}, or null for the SDK's
 * @param accessKeyId {@code AWS_ACCESS_KEY_ID}, or null for the SDK's credential providers
 * @param secretAccessKey {@code AWS_SECRET_ACCESS_KEY}, or null
 * @param sessionToken {@code AWS_SESSION_TOKEN}, or null
 * @param pathStyle {@code VIDEOAGENT_S3_PATH_STYLE}, or null for "when an endpoint is set"
 */
public record StoreSettings(
    StoreLocation location,
    URI endpointS3,
    URI endpoint,
    String region,
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Boolean pathStyle) {

  /**
   * @throws ConfigException when object storage is chosen with only one of the two keys
   */
  static StoreSettings from(SettingValues given, Path home) {
    StoreSettings settings =
        new StoreSettings(
            given
                .get(Setting.VIDEOAGENT_STORE)
                .orElse(new StoreLocation.Folder(home.resolve("videos"))),
            given.get(Setting.AWS_ENDPOINT_URL_S3).orElse(null),
            given.get(Setting.AWS_ENDPOINT_URL).orElse(null),
            given.get(Setting.AWS_REGION).orElse(null),
            given.get(Setting.AWS_ACCESS_KEY_ID).orElse(null),
            given.get(Setting.AWS_SECRET_ACCESS_KEY).orElse(null),
            given.get(Setting.AWS_SESSION_TOKEN).orElse(null),
            given.get(Setting.VIDEOAGENT_S3_PATH_STYLE).orElse(null));
    if (settings.location() instanceof StoreLocation.Bucket
        && (settings.accessKeyId() == null) != (settings.secretAccessKey() == null)) {
      throw new ConfigException(
          Setting.AWS_ACCESS_KEY_ID.variable()
              + " and "
              + Setting.AWS_SECRET_ACCESS_KEY.variable()
              + " must be set together, or neither (then the AWS SDK's profiles and roles are"
              + " used).");
    }
    return settings;
  }

  /** The same settings with the videos kept at {@code other} ({@code store copy --to}). */
  public StoreSettings at(StoreLocation other) {
    return new StoreSettings(
        other, endpointS3, endpoint, region, accessKeyId, secretAccessKey, sessionToken, pathStyle);
  }

  /** The S3 endpoint: {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}. */
  public Optional<URI> s3Endpoint() {
    return Optional.ofNullable(endpointS3 != null ? endpointS3 : endpoint);
  }

  /** Path-style addressing: as set, else exactly when an endpoint is set. */
  public boolean usesPathStyle() {
    return pathStyle != null ? pathStyle : s3Endpoint().isPresent();
  }

  /** Whether access keys are given here rather than left to the SDK. */
  public boolean hasKeys() {
    return accessKeyId != null && secretAccessKey != null;
  }

  @Override
  public String toString() {
    return "StoreSettings[location="
        + location.text()
        + ", endpoint="
        + s3Endpoint().map(URI::toString).orElse("the SDK's")
        + ", region="
        + (region == null ? "the SDK's" : region)
        + ", keys="
        + (hasKeys() ? "****" : "the SDK's")
        + ", pathStyle="
        + usesPathStyle()
        + "]";
  }
}
