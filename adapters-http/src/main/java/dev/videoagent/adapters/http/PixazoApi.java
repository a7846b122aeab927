package dev.videoagent.adapters.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.core.Orientation;
import dev.videoagent.core.VideoRequest;
import feign.HeaderMap;
import feign.Headers;
import feign.Param;
import feign.Request;
import feign.RequestLine;
import java.util.Map;

/**
 * The two gateway calls, as Feign declares them. The subscription key is added by {@link
 * SubscriptionKeyInterceptor}; the submit answer's {@code polling_url} is deliberately not read:
 * the status call is always built on the configured base URL, so the key never follows a link the
 * gateway hands out.
 */
interface PixazoApi {

  @RequestLine("POST /heygen-video-agent/v1/heygen-video-agent-request")
  @Headers({
    "Content-Type: application/json",
    "Accept: application/json",
    "Cache-Control: no-cache"
  })
  SubmitAnswer submit(
      SubmitBody body, @HeaderMap Map<String, Object> optionalHeaders, Request.Options options);

  // decodeSlash=false keeps a '/' inside an id encoded, so an id can never change the path.
  @RequestLine(value = "GET /v2/requests/status/{requestId}", decodeSlash = false)
  @Headers("Accept: application/json")
  StatusAnswer status(@Param("requestId") String requestId, Request.Options options);

  /** The submit body: only what the user set, plus the avatar and voice (which default to auto). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SubmitBody(String prompt, String avatar, String voice, String orientation) {
    static SubmitBody of(VideoRequest request) {
      return new SubmitBody(
          request.prompt(),
          request.avatar(),
          request.voice(),
          request.orientationIfSet().map(Orientation::wireName).orElse(null));
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SubmitAnswer(@JsonProperty("request_id") String requestId, String status) {}

  /**
   * A status answer. The media link and the error come in several shapes, so they are kept as trees
   * and read by {@link StatusReading}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record StatusAnswer(
      @JsonProperty("request_id") String requestId,
      String status,
      JsonNode output,
      @JsonProperty("output_url") JsonNode outputUrl,
      @JsonProperty("video_url") JsonNode videoUrl,
      JsonNode error) {}
}
