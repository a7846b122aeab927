package dev.videoagent.assembly;

/** Told of every gateway call and how it ended; the service counts them for {@code /metrics}. */
@FunctionalInterface
public interface GatewayObserver {

  /**
   * @param operation {@code submit} or {@code status}
   * @param outcome {@code accepted}, {@code not_taken}, {@code out_of_credit}, {@code rejected},
   *     {@code ambiguous}, {@code canceled}, {@code running}, {@code completed}, {@code failed},
   *     {@code unreadable}, {@code unauthorized}, {@code error}, or {@code short_circuited} (the
   *     breaker was open and no call was made)
   */
  void called(String operation, String outcome);
}
