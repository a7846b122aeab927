package dev.videoagent.assembly.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEventPayloadsTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");
  private final ObjectMapper mapper = Json.mapper();

  @Test
  void theDocumentIsTypeTimestampAndTheJobAsTheApiShowsIt() throws Exception {
    VideoJob stored =
        VideoJob.create(
                "vid_01",
                "acme",
                new VideoRequest(
                    "a \"quoted\" prompt",
                    "avatar_anna",
                    "voice_en_1",
                    null,
                    Map.of("k", "v"),
                    null),
                null,
                "tok-secret",
                T0,
                T0.plusSeconds(7200))
            .submissionStarted(T0, T0.plusSeconds(60))
            .acceptedByGateway("req-1", false, T0, T0)
            .completedAt(URI.create("https://cdn.example/1.mp4"), T0.plusSeconds(9))
            .contentStored(new StoredContent("c".repeat(64), 42L, "video/mp4"), T0.plusSeconds(10));

    String payload =
        new JsonEventPayloads().render(JobEventType.STORED, stored.updatedAt(), stored);

    assertThat(payload).startsWith("{\"type\":\"video.stored\",\"timestamp\":");
    JsonNode document = mapper.readTree(payload);
    assertThat(document.get("timestamp").asText()).isEqualTo("2026-11-26T10:00:10.123Z");
    assertThat(document.get("data"))
        .isEqualTo(mapper.readTree(mapper.writeValueAsString(JobView.of(stored))));
    assertThat(document.get("data").get("content").get("sha256").asText())
        .isEqualTo("c".repeat(64));
    assertThat(payload).doesNotContain("tok-secret");
  }
}
