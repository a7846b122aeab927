package dev.videoagent.embedded;

/**
 * No job has the given id, for this agent's tenant.
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class VideoNotFoundException extends VideoAgentException {
  private static final long serialVersionUID = 1L;

  /** The id that was asked for. */
  private final String id;

  /**
   * An exception for an unknown id.
   *
   * @param id the id that was asked for
   */
  public VideoNotFoundException(String id) {
    super("No video job has the id " + id + ".");
    this.id = id;
  }

  /**
   * The id that was asked for.
   *
   * @return the unknown id
   */
  public String id() {
    return id;
  }
}
