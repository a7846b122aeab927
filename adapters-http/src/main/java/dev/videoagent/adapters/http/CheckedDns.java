package dev.videoagent.adapters.http;

import dev.videoagent.core.WebhookDestinations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * Resolves a webhook's host and hands OkHttp only addresses that passed the destination check, so
 * the connection goes to an address that was checked: a name that resolves to a private address (at
 * once, or on a second lookup made to slip past the check) is refused. If any address of the name
 * is refused, the name is: a receiver mixing public and private records is not one to trust.
 */
final class CheckedDns implements Dns {
  private final WebhookDestinations destinations;
  private final OkHttpWebhookSender.Resolver resolver;

  CheckedDns(WebhookDestinations destinations, OkHttpWebhookSender.Resolver resolver) {
    this.destinations = destinations;
    this.resolver = resolver;
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host + " has no addresses");
    }
    for (InetAddress address : addresses) {
      Optional<String> refusal = destinations.refusal(address);
      if (refusal.isPresent()) {
        throw new RefusedAddress(host + " " + refusal.get());
      }
    }
    return List.copyOf(addresses);
  }

  /** A resolved address that webhooks may not go to. */
  static final class RefusedAddress extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    RefusedAddress(String message) {
      super(message);
    }
  }
}
