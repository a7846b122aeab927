package dev.videoagent.adapters.persistence;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Videos as objects in an S3-compatible bucket: {@code <prefix>/<job id>.mp4}. A video is uploaded
 * in parts of {@link S3StoreConfig#partBytes()} as it is written, so one upload holds one part in
 * memory whatever the video's size; its SHA-256 is computed on the way. The object appears only
 * when the upload is completed, and that happens only when the size and the SHA-256 match what the
 * commit says; otherwise, and on any failure, the upload is aborted. A video that fits in one part
 * is sent with one PUT at commit instead (no multipart upload to leave behind). Reads are ranged
 * GETs pinned to the object's ETag, so a video replaced mid-read fails rather than mixing two
 * videos.
 */
public final class S3VideoStore implements VideoStore, AutoCloseable {
  private static final String CONTENT_TYPE = FileVideoStore.CONTENT_TYPE;
  private static final String SUFFIX = ".mp4";
  private static final String SDK_REGION_FALLBACK = "us-east-1";

  private final S3StoreConfig config;
  private final S3Client s3;
  private final S3Presigner presigner;
  private final SdkHttpClient http;
  private final Clock clock;

  private S3VideoStore(
      S3StoreConfig config, S3Client s3, S3Presigner presigner, SdkHttpClient http, Clock clock) {
    this.config = config;
    this.s3 = s3;
    this.presigner = presigner;
    this.http = http;
    this.clock = clock;
  }

  /**
   * A store on {@code config}'s bucket. Nothing is sent until the first call.
   *
   * @throws IllegalArgumentException when no region is set or found and there is no endpoint
   */
  public static S3VideoStore open(S3StoreConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Region region = region(config);
    AwsCredentialsProvider credentials = credentials(config);
    SdkHttpClient http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    S3Configuration service =
        S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build();
    var client =
        S3Client.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(config.pathStyle())
            // We check the whole video's SHA-256 ourselves; the SDK's newer default checksums
            // (aws-chunked trailers) are refused by several S3-compatible servers.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    var presign =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(service);
    config
        .endpointIfSet()
        .ifPresent(
            endpoint -> {
              client.endpointOverride(endpoint);
              presign.endpointOverride(endpoint);
            });
    return new S3VideoStore(config, client.build(), presign.build(), http, clock);
  }

  private static Region region(S3StoreConfig config) {
    if (config.region() != null) {
      return Region.of(config.region());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkException none) {
      if (config.endpoint() != null) {
        return Region.of(SDK_REGION_FALLBACK);
      }
      throw new IllegalArgumentException(
          "no AWS region for " + config.location() + ": set AWS_REGION", none);
    }
  }

  private static AwsCredentialsProvider credentials(S3StoreConfig config) {
    S3StoreConfig.Credentials given = config.credentials();
    if (given == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        given.sessionToken() == null
            ? AwsBasicCredentials.create(given.accessKeyId(), given.secretAccessKey())
            : AwsSessionCredentials.create(
                given.accessKeyId(), given.secretAccessKey(), given.sessionToken()));
  }

  public S3StoreConfig config() {
    return config;
  }

  @Override
  public PendingVideo begin(String jobId) {
    return new PendingObject(key(jobId));
  }

  @Override
  public Optional<VideoContent> find(String jobId) throws IOException {
    String key = key(jobId);
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(config.bucket()).key(key));
      return Optional.of(new StoredObject(key, head.contentLength(), head.eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("read " + key, e);
    } catch (SdkException e) {
      throw failure("read " + key, e);
    }
  }

  @Override
  public void delete(String jobId) throws IOException {
    String key = key(jobId);
    try {
      s3.deleteObject(b -> b.bucket(config.bucket()).key(key));
    } catch (SdkException e) {
      throw failure("delete " + key, e);
    }
  }

  /** A presigned GET of the video's object; it does not check that the object exists. */
  @Override
  public Optional<URI> temporaryLink(String jobId, Duration validFor) throws IOException {
    String key = key(jobId);
    try {
      URI link =
          presigner
              .presignGetObject(
                  b ->
                      b.signatureDuration(validFor)
                          .getObjectRequest(g -> g.bucket(config.bucket()).key(key)))
              .url()
              .toURI();
      return Optional.of(link);
    } catch (SdkException | URISyntaxException e) {
      throw new IOException("could not sign a link to " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * Aborts multipart uploads under the prefix begun more than {@code age} ago: uploads a process
   * that died mid-video left behind (they are invisible, but the bucket keeps and bills their
   * parts). Lists every open upload under the prefix, so call it once at start-up.
   *
   * @return how many were aborted
   */
  public int abortStaleUploads(Duration age) throws IOException {
    Instant cutoff = clock.instant().minus(age);
    int aborted = 0;
    try {
      for (MultipartUpload upload :
          s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(keyPrefix()))
              .uploads()) {
        if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
          s3.abortMultipartUpload(
              b -> b.bucket(config.bucket()).key(upload.key()).uploadId(upload.uploadId()));
          aborted++;
        }
      }
    } catch (SdkException e) {
      throw failure("list the unfinished uploads of " + config.location(), e);
    }
    return aborted;
  }

  /** The multipart uploads open under the prefix (for tests and for the operator's checks). */
  public List<String> openUploads() throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(keyPrefix()))
          .uploads()
          .forEach(upload -> keys.add(upload.key()));
    } catch (SdkException e) {
      throw failure("list the unfinished uploads of " + config.location(), e);
    }
    return keys;
  }

  private String keyPrefix() {
    return config.prefix().isEmpty() ? "" : config.prefix() + "/";
  }

  private String key(String jobId) {
    return keyPrefix() + StoredVideoIds.check(jobId) + SUFFIX;
  }

  private IOException failure(String what, SdkException e) {
    if (Thread.currentThread().isInterrupted()) {
      InterruptedIOException interrupted = new InterruptedIOException("interrupted: " + what);
      interrupted.initCause(e);
      return interrupted;
    }
    return new IOException(
        "could not " + what + " in " + config.location() + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
    http.close();
  }

  @Override
  public String toString() {
    return "S3VideoStore[" + config.location() + "]";
  }

  /**
   * A video on its way up: the current part in memory, earlier parts already uploaded. Not safe for
   * several threads, like any output stream.
   */
  private final class PendingObject implements PendingVideo {
    private final String key;
    private final byte[] part;
    private final MessageDigest digest = CommitChecks.newDigest();
    private final List<CompletedPart> uploaded = new ArrayList<>();
    private final OutputStream output = new PartOutput();
    private int filled;
    private long written;
    private String uploadId;
    private boolean committed;
    private boolean closed;

    PendingObject(String key) {
      this.key = key;
      this.part = new byte[config.partBytes()];
    }

    @Override
    public OutputStream output() {
      return output;
    }

    /**
     * @throws IllegalArgumentException when {@code content} is not video/mp4
     * @throws IOException when what was written has another size or SHA-256, or the bucket refused
     *     it; the upload is aborted and any earlier video kept
     */
    @Override
    public void commit(StoredContent content) throws IOException {
      if (committed || closed) {
        throw new IllegalStateException("the video " + key + " was already committed or closed");
      }
      CommitChecks.requireMp4(content);
      try {
        CommitChecks.requireMatch(written, digest, content);
      } catch (IOException mismatch) {
        abandon();
        throw mismatch;
      }
      try {
        if (uploadId == null) {
          s3.putObject(
              b -> b.bucket(config.bucket()).key(key).contentType(CONTENT_TYPE), body(filled));
        } else {
          if (filled > 0) {
            uploadPart();
          }
          s3.completeMultipartUpload(
              b ->
                  b.bucket(config.bucket())
                      .key(key)
                      .uploadId(uploadId)
                      .multipartUpload(m -> m.parts(uploaded)));
        }
      } catch (SdkException e) {
        abandon();
        throw failure("store " + key, e);
      }
      committed = true;
    }

    /** Aborts the upload now, not only when the caller closes: nothing waits on a refused one. */
    private void abandon() {
      try {
        close();
      } catch (IOException e) {
        // Invisible either way; abortStaleUploads removes what the bucket kept.
      }
    }

    /** Aborts the upload unless it was committed: nothing of it becomes visible. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (!committed && uploadId != null) {
        String id = uploadId;
        try {
          s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(key).uploadId(id));
        } catch (SdkException e) {
          // Still invisible; the start-up clean-up (abortStaleUploads) removes it later.
          throw failure("abort the unfinished upload of " + key, e);
        }
      }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
      if (committed || closed) {
        throw new IOException("the video " + key + " was already committed or closed");
      }
      digest.update(bytes, offset, length);
      written += length;
      while (length > 0) {
        int n = Math.min(length, part.length - filled);
        System.arraycopy(bytes, offset, part, filled, n);
        filled += n;
        offset += n;
        length -= n;
        if (filled == part.length) {
          uploadFullPart();
        }
      }
    }

    private void uploadFullPart() throws IOException {
      try {
        if (uploadId == null) {
          uploadId =
              s3.createMultipartUpload(
                      b -> b.bucket(config.bucket()).key(key).contentType(CONTENT_TYPE))
                  .uploadId();
        }
        uploadPart();
      } catch (SdkException e) {
        throw failure("upload a part of " + key, e);
      }
    }

    private void uploadPart() {
      int number = uploaded.size() + 1;
      String etag =
          s3.uploadPart(
                  b ->
                      b.bucket(config.bucket())
                          .key(key)
                          .uploadId(uploadId)
                          .partNumber(number)
                          .contentLength((long) filled),
                  body(filled))
              .eTag();
      uploaded.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    }

    /** The part buffer as a body the SDK can re-read for a retry, without copying it. */
    private RequestBody body(int length) {
      return RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE);
    }

    /** Closing it (as a caller's try-with-resources does) keeps the upload open until commit. */
    private final class PartOutput extends OutputStream {
      @Override
      public void write(int b) throws IOException {
        PendingObject.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        PendingObject.this.write(b, off, len);
      }
    }
  }

  /** A committed object, read at the version {@code etag} names. */
  private final class StoredObject implements VideoContent {
    private final String key;
    private final long size;
    private final String etag;

    StoredObject(String key, long size, String etag) {
      this.key = key;
      this.size = size;
      this.etag = etag;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public String contentType() {
      return CONTENT_TYPE;
    }

    @Override
    public InputStream open(long offset) throws IOException {
      return open(offset, size - Math.max(0, offset));
    }

    /**
     * @throws IllegalArgumentException when the range is not inside the video
     */
    @Override
    public InputStream open(long offset, long length) throws IOException {
      if (offset < 0 || offset > size || length < 0 || offset + length > size) {
        throw new IllegalArgumentException(
            "bytes "
                + offset
                + " to "
                + (offset + length)
                + " are outside the video's "
                + size
                + " bytes");
      }
      if (length == 0) {
        return InputStream.nullInputStream();
      }
      String range = "bytes=" + offset + "-" + (offset + length - 1);
      try {
        return s3.getObject(b -> b.bucket(config.bucket()).key(key).range(range).ifMatch(etag));
      } catch (S3Exception e) {
        if (e.statusCode() == 412 || e.statusCode() == 404) {
          throw new IOException("the video " + key + " was replaced or removed while read", e);
        }
        throw failure("read " + key, e);
      } catch (SdkException e) {
        throw failure("read " + key, e);
      }
    }
  }
}
