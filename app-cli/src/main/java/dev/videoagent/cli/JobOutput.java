package dev.videoagent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videoagent.assembly.json.JobView;
import dev.videoagent.assembly.json.JobViewWriter;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.core.JobError;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How jobs are printed: the contract's JSON ({@link JobView}, the same as the REST API's) for
 * {@code --json}, or a short labelled block for people. Either way, nothing a tenant wrote reaches
 * the terminal as a control character: the JSON escapes them (see {@link Visible.JsonEscapes}), the
 * block shows them as codes ({@link Visible}).
 */
final class JobOutput {
  /** Made on first use: a command that prints for people never needs it. */
  private ObjectMapper mapper;

  /**
   * One job's JSON without a mapper, which costs more to build than a short command runs; made on
   * first use too, as the factory alone loads some fifty classes.
   */
  private JobViewWriter writer;

  /** The product's JSON, with the terminal-safe escapes on top. */
  private static ObjectMapper jsonMapper() {
    ObjectMapper mapper = Json.mapper();
    mapper.getFactory().setCharacterEscapes(new Visible.JsonEscapes());
    return mapper;
  }

  /** One JSON document, indented, for commands that print one job. */
  String document(VideoJob job) {
    return writer().document(JobView.of(job));
  }

  /** One line of JSON Lines, for commands that print many jobs. */
  String line(VideoJob job) {
    return writer().line(JobView.of(job));
  }

  String line(ObjectNode node) {
    try {
      return mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job always serialises", e);
    }
  }

  ObjectNode tree(VideoJob job) {
    return mapper().valueToTree(JobView.of(job));
  }

  private synchronized JobViewWriter writer() {
    if (writer == null) {
      writer = new JobViewWriter(new JsonFactory().setCharacterEscapes(new Visible.JsonEscapes()));
    }
    return writer;
  }

  synchronized ObjectMapper mapper() {
    if (mapper == null) {
      mapper = jsonMapper();
    }
    return mapper;
  }

  /** The job as one JSON document or for a person to read, then flushed. */
  void print(PrintWriter out, VideoJob job, boolean json) {
    if (json) {
      out.println(document(job));
    } else {
      printHuman(out, job);
    }
    out.flush();
  }

  /** The job for a person to read, one labelled field per line. */
  static void printHuman(PrintWriter out, VideoJob job) {
    field(out, "id", job.id());
    field(out, "status", job.status().wireName());
    field(out, "prompt", job.request().prompt());
    field(out, "avatar", job.request().avatar());
    field(out, "voice", job.request().voice());
    field(
        out,
        "orientation",
        job.request().orientationIfSet().map(o -> o.wireName()).orElse("(the agent decides)"));
    if (!job.request().metadata().isEmpty()) {
      field(out, "metadata", metadata(job.request().metadata()));
    }
    if (job.gatewayRequestId() != null) {
      field(out, "gateway id", job.gatewayRequestId());
    }
    if (job.content() != null) {
      StoredContent content = job.content();
      field(
          out,
          "video",
          "stored, "
              + content.bytes()
              + " bytes, "
              + content.contentType()
              + ", sha256 "
              + content.sha256());
    }
    if (job.error() != null) {
      field(out, "error", describe(job.error()));
    }
    if (job.attempt() > 1) {
      field(out, "attempt", Integer.toString(job.attempt()));
    }
    field(out, "created", instant(job.createdAt()));
    field(out, "updated", instant(job.updatedAt()));
    if (job.completedAt() != null) {
      field(out, "completed", instant(job.completedAt()));
    }
    out.flush();
  }

  /** {@code code: message}, as printed on stderr for a failed job (not yet made visible). */
  static String describe(JobError error) {
    return error.code().wireName() + ": " + error.message();
  }

  /**
   * The one sentence for stderr when a job ended without a video; it holds the gateway's message,
   * so print it through {@link Visible}.
   */
  static String failureSentence(VideoJob job) {
    String what =
        switch (job.status()) {
          case CANCELED -> "was canceled";
          case FAILED -> "failed";
          default -> "has no video";
        };
    return "Job "
        + job.id()
        + " "
        + what
        + (job.error() == null ? "." : ": " + describe(job.error()));
  }

  private static String metadata(Map<String, String> metadata) {
    return metadata.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String instant(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** One labelled line; the value may come from any tenant, so it is made visible. */
  static void field(PrintWriter out, String label, String value) {
    out.printf("%-12s %s%n", label + ":", Visible.text(value));
  }
}
