package dev.videoagent.assembly.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a {@link JobView} with Jackson's streaming generator: the same text as {@link
 * Json#mapper()} writes for it, field for field and byte for byte ({@code JobViewWriterTest} holds
 * the two to that), without the object mapper.
 *
 * <p>Why: building a mapper and its serializer for the view (the time module, reflection over the
 * record and its annotations) is about 0.25 s of a {@code videoagent status --json} run, more than
 * everything else that command does; and on the service's {@code GET /v1/videos/{id}} it skips the
 * serializer lookup per response. Reading a view back still goes through the mapper, which reads
 * the annotations on {@link JobView}.
 */
public final class JobViewWriter {
  private final JsonFactory factory;

  /** Plain JSON, as the REST API writes it. */
  public JobViewWriter() {
    this(new JsonFactory());
  }

  /** JSON from {@code factory}: the command line's, say, which escapes control characters. */
  public JobViewWriter(JsonFactory factory) {
    this.factory = factory;
  }

  /** The view as one line of JSON. */
  public String line(JobView view) {
    return text(view, false);
  }

  /**
   * The view as one line of JSON in UTF-8, the bytes an HTTP answer carries: written as bytes from
   * the start, with no text in between to encode.
   */
  public byte[] utf8Line(JobView view) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = factory.createGenerator(bytes, JsonEncoding.UTF8)) {
      write(view, json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** The view as an indented document, as the mapper's default pretty printer lays it out. */
  public String document(JobView view) {
    return text(view, true);
  }

  private String text(JobView view, boolean indented) {
    StringWriter text = new StringWriter(1024);
    try (JsonGenerator json = factory.createGenerator(text)) {
      if (indented) {
        json.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      write(view, json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return text.toString();
  }

  /** Writes {@code view} as one JSON object, in the contract's field order, nulls included. */
  public void write(JobView view, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", view.id());
    json.writeStringField("status", view.status());
    json.writeStringField("prompt", view.prompt());
    json.writeStringField("avatar", view.avatar());
    json.writeStringField("voice", view.voice());
    json.writeStringField("orientation", view.orientation());
    writeMetadata(view.metadata(), json);
    writeUri("callback_url", view.callbackUrl(), json);
    json.writeStringField("gateway_request_id", view.gatewayRequestId());
    writeUri("video_url", view.videoUrl(), json);
    writeContent(view.content(), json);
    writeError(view.error(), json);
    json.writeNumberField("attempt", view.attempt());
    json.writeStringField("canceled_by", view.canceledBy());
    json.writeBooleanField("settled_by_callback", view.settledByCallback());
    writeInstant("awaiting_callback_until", view.awaitingCallbackUntil(), json);
    writeInstant("created_at", view.createdAt(), json);
    writeInstant("updated_at", view.updatedAt(), json);
    writeInstant("completed_at", view.completedAt(), json);
    writeInstant("estimated_completion_at", view.estimatedCompletionAt(), json);
    writeInstant("stalled_since", view.stalledSince(), json);
    json.writeEndObject();
  }

  private static void writeMetadata(Map<String, String> metadata, JsonGenerator json)
      throws IOException {
    json.writeFieldName("metadata");
    if (metadata == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      json.writeStringField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
  }

  private static void writeContent(JobView.ContentView content, JsonGenerator json)
      throws IOException {
    json.writeFieldName("content");
    if (content == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    json.writeStringField("sha256", content.sha256());
    json.writeNumberField("bytes", content.bytes());
    json.writeStringField("content_type", content.contentType());
    json.writeEndObject();
  }

  private static void writeError(JobView.ErrorView error, JsonGenerator json) throws IOException {
    json.writeFieldName("error");
    if (error == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    json.writeStringField("code", error.code());
    json.writeStringField("message", error.message());
    json.writeEndObject();
  }

  private static void writeUri(String name, URI uri, JsonGenerator json) throws IOException {
    json.writeStringField(name, uri == null ? null : uri.toString());
  }

  /** ISO-8601 in UTC, as the time module writes an instant with timestamps turned off. */
  private static void writeInstant(String name, Instant instant, JsonGenerator json)
      throws IOException {
    json.writeStringField(name, instant == null ? null : instant.toString());
  }
}
