package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.persistence.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code videoagent store copy}: a folder to a bucket and back, verified, and safe to rerun. */
class StoreCopyTest {
  private static final String BUCKET = "s3://team-videos/prod";

  @TempDir static Path s3Folder;
  private static S3ProxyServer s3;

  @TempDir Path temp;
  private CliHarness cli;
  private final List<String> ids = new ArrayList<>();

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(s3Folder);
    s3.createBucket("team-videos");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void threeVideosInTheFolderStore() {
    cli = new CliHarness(temp);
    cli.env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
    cli.env.put("AWS_REGION", S3ProxyServer.REGION);
    cli.env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
    cli.env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    for (int i = 0; i < 3; i++) {
      CliHarness.Result made =
          cli.run(
              "generate", "--sandbox", "Video " + i, "--wait", "-o", "v" + i + ".mp4", "--json");
      assertThat(made.exitCode()).as(made.toString()).isZero();
      ids.add(made.id());
    }
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  private Path object(String prefix, String id) {
    return s3.dataFolder().resolve("team-videos").resolve(prefix).resolve(id + ".mp4");
  }

  @Test
  void copiesEveryVideoToTheBucketOnceAndTheStoreCanThenBeSwitched() throws Exception {
    String target = BUCKET + "/" + temp.getFileName();
    CliHarness.Result first = cli.run("store", "copy", "--to", target);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .startsWith("Copied 3 videos (" + 3 * CliHarness.CLIP.length + " bytes) from file:")
        .contains(" to " + target + ", each checked by SHA-256; 0 were there already.");
    for (String id : ids) {
      assertThat(object("prod/" + temp.getFileName(), id)).hasBinaryContent(CliHarness.CLIP);
    }

    CliHarness.Result again = cli.run("store", "copy", "--to", target);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out())
        .isEqualTo(
            "Nothing to copy: all 3 videos are in "
                + target
                + " already, each checked by SHA-256.\n");

    cli.env.put("VIDEOAGENT_STORE", target);
    Files.walk(cli.home.resolve("videos"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    CliHarness.Result download = cli.run("download", ids.get(1), "-o", "from-bucket.mp4");
    assertThat(download.exitCode()).as(download.toString()).isZero();
    assertThat(cli.workDir.resolve("from-bucket.mp4")).hasBinaryContent(CliHarness.CLIP);

    Path back = temp.resolve("back");
    CliHarness.Result home = cli.run("store", "copy", "--to", "file:" + back);
    assertThat(home.exitCode()).as(home.toString()).isZero();
    assertThat(home.out()).startsWith("Copied 3 videos");
    String id = ids.get(0);
    assertThat(back.resolve(id.substring(id.length() - 2)).resolve(id + ".mp4"))
        .hasBinaryContent(CliHarness.CLIP);
  }

  @Test
  void aVideoWhoseBytesNoLongerMatchItsSha256IsNotCopiedAndIsNamed() throws Exception {
    String bucket = BUCKET + "/" + temp.getFileName();
    assertThat(cli.run("store", "copy", "--to", bucket).exitCode()).isZero();
    String damaged = ids.get(2);
    byte[] bytes = CliHarness.CLIP.clone();
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(object("prod/" + temp.getFileName(), damaged), bytes);

    cli.env.put("VIDEOAGENT_STORE", bucket);
    Path target = temp.resolve("restored");
    CliHarness.Result copy = cli.run("store", "copy", "--to", "file:" + target);

    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(1);
    assertThat(copy.out()).contains("Copied 2 videos").contains("1 failed (run again)");
    assertThat(copy.err()).contains("Not copied: " + damaged + ": ").contains("SHA-256");
    assertThat(target.resolve(damaged.substring(damaged.length() - 2)).resolve(damaged + ".mp4"))
        .doesNotExist();
  }

  @Test
  void aBadLocationIsOneSentenceAndExitTwo() {
    CliHarness.Result badTarget = cli.run("store", "copy", "--to", "ftp://team-videos");
    assertThat(badTarget.exitCode()).isEqualTo(2);
    assertThat(badTarget.err())
        .isEqualTo("--to must be file:/a/folder or s3://bucket/prefix (the prefix is optional).\n");

    CliHarness.Result same = cli.run("store", "copy", "--to", "file:" + cli.home.resolve("videos"));
    assertThat(same.exitCode()).isEqualTo(2);
    assertThat(same.err()).contains("names the store the videos are in already");

    cli.env.put("VIDEOAGENT_STORE", "s3:/team-videos");
    CliHarness.Result badStore = cli.run("list");
    assertThat(badStore.exitCode()).isEqualTo(2);
    assertThat(badStore.err())
        .isEqualTo(
            "VIDEOAGENT_STORE must be file:/a/folder or s3://bucket/prefix (the prefix is"
                + " optional).\n");
  }
}
