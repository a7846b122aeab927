package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} on files larger than the heap of the JVM that reads them: a separate JVM with a 32
 * MiB heap, so that reading a file whole would end in an {@code OutOfMemoryError}.
 */
class BatchMemoryTest {
  private static final String HEAP = "-Xmx32m";
  private static final long FILE_BYTES = 48L * 1024 * 1024;

  @TempDir Path temp;

  @Test
  void aJsonLinesFileLargerThanTheHeapIsCheckedLineByLine() throws Exception {
    Path file = temp.resolve("big.jsonl");
    int goodLines;
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String line = "{\"prompt\": \"" + "A short product tip, one of many. ".repeat(6) + "\"}\n";
      goodLines = (int) (FILE_BYTES / line.length());
      for (int i = 0; i < goodLines; i++) {
        out.write(line);
      }
      // And one line of 4 MiB characters after them all.
      out.write("{\"prompt\": \"");
      writeMany(out, 'x', 4 * 1024 * 1024);
      out.write("\"}\n");
    }
    assertThat(Files.size(file)).isGreaterThan(FILE_BYTES);

    Run run = batch(file);

    assertThat(run.exitCode).as(run.err).isEqualTo(2);
    assertThat(run.err)
        .isEqualTo(
            "big.jsonl line "
                + (goodLines + 1)
                + ": the line is longer than 1,048,576 characters, far more than a job needs; it"
                + " was not read.\n"
                + "1 problem in big.jsonl; nothing was submitted. Fix the lines and run the"
                + " command again.\n");
  }

  @Test
  void aCsvQuoteThatIsNeverClosedIsRefusedWithoutReadingTheRestIntoMemory() throws Exception {
    Path file = temp.resolve("open.csv");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("prompt,output\nFine,fine.mp4\n\"Never closed,\n");
      for (long written = 0; written < FILE_BYTES; written += 64) {
        out.write("Everything after the open quote is one field of one record.....\n");
      }
    }

    Run run = batch(file);

    assertThat(run.exitCode).as(run.err).isEqualTo(2);
    assertThat(run.err)
        .startsWith(
            "open.csv line 3: the record starting on this line is longer than 1,048,576"
                + " characters")
        .doesNotContain("Exception")
        .doesNotContain("Error");
  }

  private static void writeMany(Writer out, char c, int count) throws IOException {
    char[] chunk = new char[64 * 1024];
    java.util.Arrays.fill(chunk, c);
    for (int left = count; left > 0; left -= chunk.length) {
      out.write(chunk, 0, Math.min(left, chunk.length));
    }
  }

  private record Run(int exitCode, String err) {}

  private Run batch(Path file) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CliMain.class.getName());
    command.add("batch");
    command.add(file.getFileName().toString());
    command.add("--sandbox");
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
    builder.environment().put("VIDEOAGENT_HOME", temp.resolve("home").toString());
    builder.redirectOutput(temp.resolve("stdout.txt").toFile());
    builder.redirectError(temp.resolve("stderr.txt").toFile());
    Process process = builder.start();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("the batch command ended").isTrue();
    String err = Files.readString(temp.resolve("stderr.txt"));
    assertThat(Files.readString(temp.resolve("stdout.txt"))).as(err).isEmpty();
    return new Run(process.exitValue(), err);
  }
}
