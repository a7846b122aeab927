package dev.videoagent.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may be sent: public http(s) addresses only, unless private ones are allowed (a
 * loopback receiver in tests, a deployment inside one network). Refused: loopback, link-local (with
 * the cloud metadata address 169.254.169.254), private IPv4 ranges, carrier-grade NAT, unique-local
 * IPv6, the unspecified address, multicast and broadcast, and the IPv4-mapped and -compatible IPv6
 * forms of any of them.
 *
 * <p>An address is checked twice: the URL when it is registered (its literal address, or a name
 * that always means this machine), and every address its name resolves to when it is sent, by the
 * sender that then connects to exactly the addresses checked.
 *
 * @param allowPrivate {@code VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS}: allow every address
 */
public record WebhookDestinations(boolean allowPrivate) {

  public static WebhookDestinations publicOnly() {
    return new WebhookDestinations(false);
  }

  /**
   * Why {@code url} may not receive webhooks, if it may not: a scheme other than http(s), no host,
   * a literal address that is not public, or {@code localhost}. A name is resolved only at
   * delivery.
   */
  public Optional<String> refusal(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must be an absolute http(s) URL");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("must be an absolute http(s) URL");
    }
    if (url.getRawUserInfo() != null) {
      return Optional.of("must not carry a user name or password");
    }
    if (allowPrivate) {
      return Optional.empty();
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return Optional.of(privateRefusal("names this machine"));
    }
    return literal(host).flatMap(this::refusal);
  }

  /** Why a connection to {@code address} is refused, if it is. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivate || isPublic(address)) {
      return Optional.empty();
    }
    return Optional.of(privateRefusal("is the non-public address " + address.getHostAddress()));
  }

  private static String privateRefusal(String what) {
    return "must be a public address: it "
        + what
        + " (set VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS=true to allow private addresses)";
  }

  /** Whether {@code address} is on the public internet. */
  public static boolean isPublic(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      Optional<InetAddress> embedded = embeddedIpv4(b);
      if (embedded.isPresent()) {
        return isPublic(embedded.get());
      }
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return false; // fc00::/7 unique-local
      }
      if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
        return false; // fe80::/10 link-local
      }
      if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return false; // fec0::/10 site-local (deprecated, still private)
      }
      return !(v6.isAnyLocalAddress() || v6.isLoopbackAddress() || v6.isMulticastAddress());
    }
    byte[] b = address.getAddress();
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    return !(a0 == 0 // 0.0.0.0/8, "this network"
        || a0 == 10
        || a0 == 127
        || (a0 == 100 && a1 >= 64 && a1 <= 127) // CGNAT 100.64/10
        || (a0 == 169 && a1 == 254) // link-local, cloud metadata
        || (a0 == 172 && a1 >= 16 && a1 <= 31)
        || (a0 == 192 && a1 == 168)
        || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 protocol assignments
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || a0 >= 224); // multicast, reserved, broadcast
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or -compatible (::a.b.c.d) one. */
  private static Optional<InetAddress> embeddedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return Optional.empty();
      }
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = b[10] == 0 && b[11] == 0;
    if (!mapped && !compatible) {
      return Optional.empty();
    }
    if (compatible && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xff) <= 1) {
      return Optional.empty(); // :: and ::1, which the IPv6 checks name
    }
    byte[] v4 = {b[12], b[13], b[14], b[15]};
    try {
      return Optional.of(Inet4Address.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  /** The address a literal host stands for (never a DNS lookup); empty for a name. */
  public static Optional<InetAddress> literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean v6 = h.indexOf(':') >= 0;
    boolean v4 = !h.isEmpty() && h.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    if (!v6 && !v4) {
      return Optional.empty();
    }
    try {
      // A literal is parsed, not looked up: getByName resolves names only.
      return Optional.of(InetAddress.getByName(h));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
