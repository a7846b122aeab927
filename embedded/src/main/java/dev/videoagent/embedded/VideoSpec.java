package dev.videoagent.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What video to make: a prompt and optional choices. Start from {@link #of(String)} and add choices
 * with the {@code with…} methods; each returns a new spec.
 *
 * <p>A spec is checked when it is submitted, not when it is built: {@link
 * VideoAgent#submit(VideoSpec)} throws an {@link InvalidVideoRequestException} listing every bad
 * field at once. The rules: the prompt is required and at most 10,000 characters after trimming;
 * {@code avatar} and {@code voice} are 1 to 128 letters, digits or {@code - _ . :}; at most 50
 * metadata entries, keys 1 to 40 characters, values at most 500; the idempotency key is 1 to 255
 * visible ASCII characters.
 *
 * <p>Immutable and thread-safe.
 *
 * @param prompt what the video should be about
 * @param avatar a HeyGen avatar id, or {@code null} for {@code "auto"}
 * @param voice a HeyGen voice id, or {@code null} for {@code "auto"}
 * @param orientation the frame, or {@code null} to let the video agent decide
 * @param metadata your own labels, kept with the job and returned untouched; never null
 * @param idempotencyKey your key for this request, or {@code null}: submitting the same key with
 *     the same spec again returns the job made the first time instead of a new one, even from
 *     another process on the same database
 */
public record VideoSpec(
    String prompt,
    String avatar,
    String voice,
    Orientation orientation,
    Map<String, String> metadata,
    String idempotencyKey) {

  /**
   * Copies the metadata so that the spec cannot change afterwards (null values are kept, to be
   * reported when the spec is submitted).
   *
   * @param prompt what the video should be about
   * @param avatar a HeyGen avatar id, or {@code null} for {@code "auto"}
   * @param voice a HeyGen voice id, or {@code null} for {@code "auto"}
   * @param orientation the frame, or {@code null} to let the video agent decide
   * @param metadata your own labels, kept with the job and returned untouched; never null
   * @param idempotencyKey your key for this request, or {@code null}: submitting the same key with
   *     the same spec again returns the job made the first time instead of a new one, even from
   *     another process on the same database
   */
  public VideoSpec {
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /**
   * A spec with only a prompt: avatar, voice and orientation are left to the video agent.
   *
   * @param prompt what the video should be about
   * @return a new spec
   */
  public static VideoSpec of(String prompt) {
    return new VideoSpec(prompt, null, null, null, Map.of(), null);
  }

  /**
   * The same spec with another avatar.
   *
   * @param value a HeyGen avatar id, or {@code null} for {@code "auto"}
   * @return a new spec
   */
  public VideoSpec withAvatar(String value) {
    return new VideoSpec(prompt, value, voice, orientation, metadata, idempotencyKey);
  }

  /**
   * The same spec with another voice.
   *
   * @param value a HeyGen voice id, or {@code null} for {@code "auto"}
   * @return a new spec
   */
  public VideoSpec withVoice(String value) {
    return new VideoSpec(prompt, avatar, value, orientation, metadata, idempotencyKey);
  }

  /**
   * The same spec with another orientation.
   *
   * @param value the frame, or {@code null} to let the video agent decide
   * @return a new spec
   */
  public VideoSpec withOrientation(Orientation value) {
    return new VideoSpec(prompt, avatar, voice, value, metadata, idempotencyKey);
  }

  /**
   * The same spec with other metadata.
   *
   * @param value your labels (copied), or {@code null} for none
   * @return a new spec
   */
  public VideoSpec withMetadata(Map<String, String> value) {
    return new VideoSpec(prompt, avatar, voice, orientation, value, idempotencyKey);
  }

  /**
   * The same spec with another idempotency key.
   *
   * @param value your key for this request, or {@code null} for none
   * @return a new spec
   */
  public VideoSpec withIdempotencyKey(String value) {
    return new VideoSpec(prompt, avatar, voice, orientation, metadata, value);
  }
}
