package dev.videoagent.adapters.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.testing.InMemoryVideoStore;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMediaDownloaderTest {
  private static WireMockServer media;
  private InMemoryVideoStore store;
  private HttpMediaDownloader downloader;

  @BeforeAll
  static void startMediaServer() {
    media = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    media.start();
  }

  @AfterAll
  static void stopMediaServer() {
    media.stop();
  }

  @BeforeEach
  void freshStore() {
    media.resetAll();
    store = new InMemoryVideoStore();
    downloader = new HttpMediaDownloader(store, testConfig());
  }

  private static MediaDownloadConfig testConfig() {
    return MediaDownloadConfig.defaults()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(400));
  }

  private static URI url(String path) {
    return URI.create(media.baseUrl() + path);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Bytes that begin like an MP4 file: a 32-byte ftyp box, then filler. */
  private static byte[] mp4Like(int size) {
    byte[] bytes = randomBytes(size, 7);
    byte[] head = {0, 0, 0, 32, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void storesTheBodyWithItsChecksumAndSize() throws Exception {
    byte[] video = mp4Like(300_000);
    media.stubFor(
        get("/v/abc.mp4")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("Content-Length", String.valueOf(video.length))
                    .withBody(video)));

    DownloadResult result = downloader.download("job-1", url("/v/abc.mp4"));

    assertThat(result).isInstanceOf(DownloadResult.Stored.class);
    DownloadResult.Stored stored = (DownloadResult.Stored) result;
    assertThat(stored.content().sha256()).isEqualTo(sha256(video));
    assertThat(stored.content().bytes()).isEqualTo(video.length);
    assertThat(stored.content().contentType()).isEqualTo("video/mp4");
    assertThat(store.committed("job-1"))
        .hasValueSatisfying(c -> assertThat(c.bytes()).isEqualTo(video));
    assertThat(store.committed("job-1").orElseThrow().content()).isEqualTo(stored.content());
  }

  @Test
  void reportsProgressAsTheBodyArrivesSoTheCallerCanKeepItsClaim() throws Exception {
    // 300 kB arrive in reads of at most 64 KiB, so in five or more: one report per read.
    byte[] video = mp4Like(300_000);
    media.stubFor(
        get("/v/abc.mp4")
            .willReturn(
                aResponse()
                    .withHeader("Content-Length", String.valueOf(video.length))
                    .withBody(video)));
    AtomicInteger reports = new AtomicInteger();

    DownloadResult result =
        downloader.download("job-1", url("/v/abc.mp4"), reports::incrementAndGet);

    assertThat(result).isInstanceOf(DownloadResult.Stored.class);
    assertThat(reports.get()).isGreaterThanOrEqualTo(video.length / (64 * 1024) + 1);
  }

  @Test
  void refusesABodyThatIsNotAnMp4Video() {
    media.stubFor(
        get("/v/abc.webm")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html>link expired</html>")));

    DownloadResult result = downloader.download("job-1", url("/v/abc.webm"));

    assertThat(result)
        .isInstanceOfSatisfying(
            DownloadResult.Failed.class,
            failed -> {
              assertThat(failed.reason()).contains("not an MP4 video");
              assertThat(failed.permanent()).isFalse();
            });
    assertThat(store.committed("job-1")).isEmpty();
  }

  @Test
  void neverSendsTheGatewayKey() {
    media.stubFor(get("/v/abc.mp4").willReturn(aResponse().withBody(mp4Like(1_000))));

    downloader.download("job-1", url("/v/abc.mp4"));

    media.verify(
        1, getRequestedFor(urlEqualTo("/v/abc.mp4")).withoutHeader("Ocp-Apim-Subscription-Key"));
  }

  @Test
  void aDeclaredLengthOverTheCapFailsBeforeReading() {
    media.stubFor(
        get("/v/big.mp4")
            .willReturn(aResponse().withHeader("Content-Length", "5000").withBody(mp4Like(5_000))));
    HttpMediaDownloader capped = new HttpMediaDownloader(store, testConfig().withMaxBytes(1_000));

    DownloadResult result = capped.download("job-1", url("/v/big.mp4"));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) result).permanent()).isTrue();
    assertThat(((DownloadResult.Failed) result).reason()).contains("Content-Length");
    assertThat(store.begun()).isZero();
    assertThat(store.committedCount()).isZero();
  }

  @Test
  void aChunkedBodyGrowingOverTheCapIsCutOffAndDiscarded() throws Exception {
    HttpServer chunked =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    chunked.createContext(
        "/v/endless.mp4",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // 0: chunked, no Content-Length
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(mp4Like(5_000));
          } catch (java.io.IOException clientHungUp) {
            // Expected once the downloader gives up.
          }
        });
    chunked.start();
    try {
      HttpMediaDownloader capped = new HttpMediaDownloader(store, testConfig().withMaxBytes(1_000));

      DownloadResult result =
          capped.download(
              "job-1",
              URI.create("http://127.0.0.1:" + chunked.getAddress().getPort() + "/v/endless.mp4"));

      assertThat(result).isInstanceOf(DownloadResult.Failed.class);
      assertThat(((DownloadResult.Failed) result).permanent()).isTrue();
      assertThat(((DownloadResult.Failed) result).reason()).contains("cap");
      assertThat(store.begun()).isEqualTo(1);
      assertThat(store.discarded()).isEqualTo(1);
      assertThat(store.committedCount()).isZero();
    } finally {
      chunked.stop(0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "ftp://cdn.example.test/v.mp4", "jar:file:/x!/y"})
  void refusesUrlsThatAreNotHttp(String link) {
    DownloadResult result = downloader.download("job-1", URI.create(link));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) result).permanent()).isTrue();
    assertThat(store.begun()).isZero();
  }

  @Test
  void followsRedirectsToHttp() throws Exception {
    byte[] video = mp4Like(2_000);
    media.stubFor(get("/a").willReturn(aResponse().withStatus(302).withHeader("Location", "/b")));
    media.stubFor(
        get("/b")
            .willReturn(aResponse().withStatus(307).withHeader("Location", url("/c").toString())));
    media.stubFor(get("/c").willReturn(aResponse().withBody(video)));

    DownloadResult result = downloader.download("job-1", url("/a"));

    assertThat(result).isInstanceOf(DownloadResult.Stored.class);
    assertThat(((DownloadResult.Stored) result).content().sha256()).isEqualTo(sha256(video));
  }

  @Test
  void refusesARedirectToAFile() {
    media.stubFor(
        get("/a")
            .willReturn(aResponse().withStatus(302).withHeader("Location", "file:///etc/passwd")));

    DownloadResult result = downloader.download("job-1", url("/a"));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) result).permanent()).isTrue();
    assertThat(store.begun()).isZero();
  }

  @Test
  void givesUpAfterFiveRedirects() {
    for (int hop = 0; hop < 6; hop++) {
      media.stubFor(
          get("/hop" + hop)
              .willReturn(aResponse().withStatus(301).withHeader("Location", "/hop" + (hop + 1))));
    }
    media.stubFor(get("/hop6").willReturn(aResponse().withBody(mp4Like(100))));

    DownloadResult result = downloader.download("job-1", url("/hop0"));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) result).reason()).contains("redirected more than 5");
    media.verify(0, getRequestedFor(urlEqualTo("/hop6")));
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 410})
  void aGoneLinkHasExpired(int status) {
    media.stubFor(get("/v/old.mp4").willReturn(aResponse().withStatus(status)));

    assertThat(downloader.download("job-1", url("/v/old.mp4")))
        .isEqualTo(new DownloadResult.Expired(status));
    assertThat(store.begun()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 429})
  void otherErrorsAreWorthTryingAgain(int status) {
    media.stubFor(get("/v/abc.mp4").willReturn(aResponse().withStatus(status)));

    DownloadResult result = downloader.download("job-1", url("/v/abc.mp4"));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) result).permanent()).isFalse();
  }

  @Test
  void aBodyShorterThanItsLengthIsNotCommitted() throws Exception {
    try (RawHttpServer truncating =
        RawHttpServer.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000\r\nConnection: close",
            mp4Like(100),
            Duration.ZERO)) {

      DownloadResult result =
          downloader.download("job-1", URI.create(truncating.baseUrl() + "/v.mp4"));

      assertThat(result).isInstanceOf(DownloadResult.Failed.class);
      assertThat(((DownloadResult.Failed) result).permanent()).isFalse();
      assertThat(store.committedCount()).isZero();
      assertThat(store.discarded()).isEqualTo(1);
    }
  }

  @Test
  void aBodyThatStallsIsGivenUpAndNotCommitted() throws Exception {
    try (RawHttpServer stalling =
        RawHttpServer.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000",
            mp4Like(100),
            Duration.ofSeconds(10))) {
      long started = System.nanoTime();

      DownloadResult result =
          downloader.download("job-1", URI.create(stalling.baseUrl() + "/v.mp4"));

      assertThat(result).isInstanceOf(DownloadResult.Failed.class);
      assertThat(((DownloadResult.Failed) result).reason()).contains("stalled");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(store.committedCount()).isZero();
    }
  }

  @Test
  void anEmptyBodyIsNotAVideo() {
    media.stubFor(get("/v/empty.mp4").willReturn(aResponse().withStatus(200)));

    DownloadResult result = downloader.download("job-1", url("/v/empty.mp4"));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(store.committedCount()).isZero();
  }

  @Test
  void aRefusedConnectionIsWorthTryingAgain() {
    DownloadResult result =
        downloader.download("job-1", URI.create(Loopback.closedPort() + "/v.mp4"));

    assertThat(result).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) result).permanent()).isFalse();
  }

  @Test
  void keepsSignedQueryStringsOutOfItsMessages() {
    media.stubFor(
        get(urlEqualTo("/v/abc.mp4?X-Amz-Signature=s3cr3t"))
            .willReturn(aResponse().withStatus(500)));

    DownloadResult result = downloader.download("job-1", url("/v/abc.mp4?X-Amz-Signature=s3cr3t"));

    assertThat(((DownloadResult.Failed) result).reason())
        .contains("/v/abc.mp4")
        .doesNotContain("s3cr3t");
  }

  @Test
  void theDefaultsAreTwoGibibytesAndSaneTimeouts() {
    MediaDownloadConfig defaults = MediaDownloadConfig.defaults();

    assertThat(defaults.maxBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.stallTimeout()).isEqualTo(Duration.ofSeconds(60));
  }
}
