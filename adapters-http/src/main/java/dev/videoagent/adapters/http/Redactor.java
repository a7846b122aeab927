package dev.videoagent.adapters.http;

/**
 * Removes the subscription key from text that came from elsewhere (a gateway or proxy error body)
 * before it reaches a message, a log line or a stored job error.
 */
final class Redactor {
  private final String secret;

  Redactor(String secret) {
    this.secret = secret;
  }

  String redact(String text) {
    if (text == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "[redacted]");
  }

  @Override
  public String toString() {
    return "Redactor[secret hidden]";
  }
}
