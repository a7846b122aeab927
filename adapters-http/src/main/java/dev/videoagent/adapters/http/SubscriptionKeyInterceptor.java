package dev.videoagent.adapters.http;

import feign.RequestInterceptor;
import feign.RequestTemplate;

/**
 * Puts the subscription key on each gateway call. Every call goes to the configured base URL (the
 * Feign target) and redirects are never followed, so the key reaches no other host.
 */
final class SubscriptionKeyInterceptor implements RequestInterceptor {
  static final String HEADER = "Ocp-Apim-Subscription-Key";

  private final String apiKey;

  SubscriptionKeyInterceptor(String apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  public void apply(RequestTemplate template) {
    template.header(HEADER, apiKey);
  }

  @Override
  public String toString() {
    return "SubscriptionKeyInterceptor[key hidden]";
  }
}
