package dev.videoagent.core.testing;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.VideoStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * A downloader whose failures the test lines up; when none is lined up it "downloads" the URL's
 * text as the video's bytes into the store, so stored content can be checked.
 */
public final class ScriptedDownloader implements MediaDownloader {
  private final VideoStore store;
  private final Deque<DownloadResult> failures = new ArrayDeque<>();
  private final List<URI> requested = new ArrayList<>();

  public ScriptedDownloader(VideoStore store) {
    this.store = store;
  }

  public synchronized ScriptedDownloader thenFail(DownloadResult failure) {
    failures.add(failure);
    return this;
  }

  @Override
  public DownloadResult download(String jobId, URI mediaUrl, Runnable stillGoing) {
    DownloadResult failure;
    synchronized (this) {
      requested.add(mediaUrl);
      failure = failures.poll();
    }
    if (failure != null) {
      return failure;
    }
    byte[] bytes = mediaUrl.toString().getBytes(StandardCharsets.UTF_8);
    StoredContent content = new StoredContent(sha256(bytes), bytes.length, "video/mp4");
    try (VideoStore.PendingVideo pending = store.begin(jobId)) {
      stillGoing.run();
      pending.output().write(bytes);
      pending.commit(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DownloadResult.Stored(content);
  }

  public synchronized List<URI> requested() {
    return List.copyOf(requested);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
