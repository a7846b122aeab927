package dev.videoagent.adapters.persistence;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link S3VideoStore} keeps videos. What is left unset (region, credentials) the AWS
 * SDK finds the usual way: its environment variables, system properties, {@code ~/.aws/config} and
 * {@code ~/.aws/credentials} (profiles, {@code AWS_PROFILE}), web identity, the container or
 * instance role.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, without slashes at either end; empty for the bucket's root
 * @param endpoint an S3-compatible endpoint (MinIO, Ceph, R2, s3proxy), or {@code null} for AWS
 * @param region the region, or {@code null} for the SDK's (with an endpoint and none found: {@code
 *     us-east-1}, which S3-compatible servers accept)
 * @param pathStyle whether the bucket goes in the path ({@code endpoint/bucket/key}) rather than
 *     the host name
 * @param credentials the keys, or {@code null} for the SDK's credential providers
 * @param partBytes the size of each uploaded part, and so the memory one upload holds
 */
public record S3StoreConfig(
    String bucket,
    String prefix,
    URI endpoint,
    String region,
    boolean pathStyle,
    Credentials credentials,
    int partBytes) {

  /** S3's smallest part (every part but the last must be at least this large). */
  public static final int MIN_PART_BYTES = 5 * 1024 * 1024;

  /** 8 MiB: a 2 GiB video in 256 parts, well under S3's 10,000. */
  public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;

  public S3StoreConfig {
    Objects.requireNonNull(bucket, "bucket");
    prefix = prefix == null ? "" : prefix;
    if (prefix.startsWith("/") || prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must not start or end with '/': " + prefix);
    }
    if (partBytes < MIN_PART_BYTES) {
      throw new IllegalArgumentException(
          "partBytes must be at least " + MIN_PART_BYTES + " (S3's smallest part)");
    }
  }

  /** A bucket and prefix with everything else the SDK's, or an endpoint's defaults. */
  public static S3StoreConfig of(String bucket, String prefix) {
    return new S3StoreConfig(bucket, prefix, null, null, false, null, DEFAULT_PART_BYTES);
  }

  public S3StoreConfig withEndpoint(URI value, boolean usePathStyle) {
    return new S3StoreConfig(bucket, prefix, value, region, usePathStyle, credentials, partBytes);
  }

  public S3StoreConfig withRegion(String value) {
    return new S3StoreConfig(bucket, prefix, endpoint, value, pathStyle, credentials, partBytes);
  }

  public S3StoreConfig withCredentials(Credentials value) {
    return new S3StoreConfig(bucket, prefix, endpoint, region, pathStyle, value, partBytes);
  }

  public S3StoreConfig withPartBytes(int value) {
    return new S3StoreConfig(bucket, prefix, endpoint, region, pathStyle, credentials, value);
  }

  public Optional<URI> endpointIfSet() {
    return Optional.ofNullable(endpoint);
  }

  /** {@code s3://bucket/prefix}, as {@code VIDEOAGENT_STORE} names it. */
  public String location() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  @Override
  public String toString() {
    return "S3StoreConfig["
        + location()
        + ", endpoint="
        + endpoint
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (credentials == null ? "the SDK's" : credentials)
        + ", partBytes="
        + partBytes
        + "]";
  }

  /**
   * Access keys given in configuration. {@link #toString()} hides the secret and the token.
   *
   * @param sessionToken the session token of temporary keys, or {@code null}
   */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    public Credentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return accessKeyId + ":****" + (sessionToken == null ? "" : " (with a session token)");
    }
  }
}
