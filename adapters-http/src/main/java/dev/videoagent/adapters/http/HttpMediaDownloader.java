package dev.videoagent.adapters.http;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.VideoStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Streams a finished video from its media URL into the {@link VideoStore}, computing its SHA-256
 * and size on the way. Nothing is committed unless the whole body arrived within the size cap, so a
 * partial file never becomes the video. Media links are public: no gateway key is ever sent.
 */
public final class HttpMediaDownloader implements MediaDownloader, AutoCloseable {
  static final int MAX_REDIRECTS = 5;
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final String MP4 = "video/mp4";

  private final VideoStore store;
  private final MediaDownloadConfig config;
  private final HttpClient http;
  private final StreamWatchdog.Timer watchdogs = new StreamWatchdog.Timer();

  public HttpMediaDownloader(VideoStore store, MediaDownloadConfig config) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    // Redirects are followed by hand, so that each hop's scheme can be checked.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.connectTimeout())
            .build();
  }

  public HttpMediaDownloader(VideoStore store) {
    this(store, MediaDownloadConfig.defaults());
  }

  @Override
  public DownloadResult download(String jobId, URI mediaUrl, Runnable stillGoing) {
    Objects.requireNonNull(jobId, "jobId");
    if (mediaUrl == null || !isWeb(mediaUrl)) {
      return new DownloadResult.Failed(
          "the media URL " + shown(mediaUrl) + " is not an http(s) URL; it was not fetched", true);
    }
    URI current = mediaUrl;
    try {
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        HttpResponse<InputStream> response = fetch(current);
        int status = response.statusCode();
        if (isRedirect(status)) {
          response.body().close();
          URI next = redirectTarget(current, response);
          if (next == null) {
            return new DownloadResult.Failed(
                "the media URL " + shown(current) + " redirected (HTTP " + status + ") to nowhere",
                false);
          }
          if (!isWeb(next)) {
            return new DownloadResult.Failed(
                "the media URL redirected to " + shown(next) + ", which is not http(s)", true);
          }
          current = next;
          continue;
        }
        if (status == 403 || status == 404 || status == 410) {
          response.body().close();
          return new DownloadResult.Expired(status);
        }
        if (status < 200 || status > 299) {
          response.body().close();
          return new DownloadResult.Failed(
              "the media URL " + shown(current) + " answered HTTP " + status, false);
        }
        return streamIntoStore(jobId, current, response, stillGoing);
      }
      return new DownloadResult.Failed(
          "the media URL redirected more than " + MAX_REDIRECTS + " times", false);
    } catch (IOException e) {
      return new DownloadResult.Failed(
          "downloading " + shown(current) + " failed (" + NetworkFailures.describe(e) + ")", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DownloadResult.Failed("the download was interrupted", false);
    }
  }

  private HttpResponse<InputStream> fetch(URI url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url).GET().timeout(config.requestTimeout()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private DownloadResult streamIntoStore(
      String jobId, URI url, HttpResponse<InputStream> response, Runnable stillGoing)
      throws IOException {
    OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
    if (declared.isPresent() && declared.getAsLong() > config.maxBytes()) {
      response.body().close();
      return overCap("its Content-Length is " + declared.getAsLong() + " bytes");
    }
    MessageDigest sha256 = newSha256();
    byte[] head = new byte[8];
    long total = 0;
    try (VideoStore.PendingVideo pending = store.begin(jobId);
        InputStream in = response.body();
        StreamWatchdog watchdog = watchdogs.watch(in, config.stallTimeout())) {
      OutputStream out = pending.output();
      byte[] buffer = new byte[BUFFER_BYTES];
      try {
        int read;
        while ((read = in.read(buffer)) != -1) {
          watchdog.progress();
          stillGoing.run();
          if (total < head.length) {
            System.arraycopy(
                buffer, 0, head, (int) total, (int) Math.min(read, head.length - total));
          }
          total += read;
          if (total > config.maxBytes()) {
            return overCap("its body went past the cap");
          }
          sha256.update(buffer, 0, read);
          out.write(buffer, 0, read);
        }
      } catch (IOException e) {
        if (watchdog.fired()) {
          return new DownloadResult.Failed(
              "the media body from "
                  + shown(url)
                  + " stalled for more than "
                  + config.stallTimeout()
                  + " after "
                  + total
                  + " bytes",
              false);
        }
        throw e;
      }
      if (declared.isPresent() && total != declared.getAsLong()) {
        return new DownloadResult.Failed(
            "the media body from "
                + shown(url)
                + " ended after "
                + total
                + " of "
                + declared.getAsLong()
                + " bytes",
            false);
      }
      if (total == 0) {
        return new DownloadResult.Failed("the media URL " + shown(url) + " sent no bytes", false);
      }
      byte[] start = Arrays.copyOf(head, (int) Math.min(total, head.length));
      if (!looksLikeMp4(start)) {
        // Videos are served as video/mp4; an HTML error page with a 200 is not a video.
        return new DownloadResult.Failed(
            "the body from " + shown(url) + " is not an MP4 video (no ftyp box at its start)",
            false);
      }
      out.flush();
      StoredContent content =
          new StoredContent(HexFormat.of().formatHex(sha256.digest()), total, MP4);
      pending.commit(content);
      return new DownloadResult.Stored(content);
    }
  }

  private DownloadResult overCap(String why) {
    return new DownloadResult.Failed(
        "the video is larger than the " + config.maxBytes() + "-byte cap (" + why + ")", true);
  }

  /** An MP4 file starts with its {@code ftyp} box: four bytes of size, then "ftyp". */
  static boolean looksLikeMp4(byte[] head) {
    return head.length >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
  }

  private static URI redirectTarget(URI from, HttpResponse<?> response) {
    String location = response.headers().firstValue("Location").orElse("").strip();
    if (location.isEmpty()) {
      return null;
    }
    try {
      return from.resolve(new URI(location));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isWeb(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("https") || scheme.equals("http")) && url.getHost() != null;
  }

  /** The URL without its query: signed media links carry short-lived credentials there. */
  private static String shown(URI url) {
    if (url == null) {
      return "(none)";
    }
    String text = url.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query) + "?…";
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Ends the downloader's timer thread (it watches bodies that stall). The JDK's HTTP client has no
   * close before Java 21: its threads end once this downloader is garbage.
   */
  @Override
  public void close() {
    watchdogs.close();
  }

  @Override
  public String toString() {
    return "HttpMediaDownloader[" + config + "]";
  }
}
