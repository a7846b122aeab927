package dev.videoagent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example host application end to end against the sandbox, as a user would. */
class HelloVideoTest {

  @Test
  @Timeout(60)
  void turnsAPromptIntoAStoredMp4AndPrintsItsPathAndChecksum(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("nested").resolve("hello.mp4");
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      HelloVideo.main(new String[] {out.toString()});
    } finally {
      System.setOut(original);
    }

    byte[] video = Files.readAllBytes(out);
    assertThat(video.length).isGreaterThan(1_000);
    // An MP4 starts with its ftyp box: 4 bytes of size, then "ftyp".
    assertThat(new String(video, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video));
    assertThat(printed.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(out.toAbsolutePath() + " " + sha256);
  }
}
