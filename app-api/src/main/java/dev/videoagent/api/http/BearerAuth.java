package dev.videoagent.api.http;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.AuthenticateClient;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <key>} on the {@code /v1} routes (RFC 6750). The key is looked up by
 * its hash and compared in constant time by the core; it is never logged or echoed.
 */
public final class BearerAuth {
  private static final String REALM = "Bearer realm=\"videoagent\"";

  private final AuthenticateClient authenticate;

  public BearerAuth(AuthenticateClient authenticate) {
    this.authenticate = authenticate;
  }

  /** A handler that runs only for a known key, with that key's access. */
  @FunctionalInterface
  public interface Authenticated {
    void handle(Context ctx, Access access) throws Exception;
  }

  public Handler require(Authenticated handler) {
    return ctx -> handler.handle(ctx, access(ctx));
  }

  /**
   * @throws ApiProblem 401 with {@code WWW-Authenticate} for a missing, malformed or unknown key
   */
  public Access access(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw refused(
          REALM, "This route needs an API key: send the header Authorization: Bearer <your key>.");
    }
    String[] parts = schemeAndCredentials(header.strip());
    if (parts.length != 2
        || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")
        || parts[1].isBlank()) {
      throw refused(
          REALM + ", error=\"invalid_request\"",
          "The Authorization header must be \"Bearer <your key>\".");
    }
    // Keys are visible ASCII; anything else, or a key longer than any key, is malformed rather
    // than unknown, and is refused before it is hashed and looked up.
    ClientKey key =
        ClientKey.parse(parts[1].strip())
            .orElseThrow(
                () ->
                    refused(
                        REALM + ", error=\"invalid_request\"",
                        "The API key in the Authorization header is not a key: keys are "
                            + ClientKey.RULE
                            + "."));
    Optional<Access> access = authenticate.authenticate(key);
    return access.orElseThrow(
        () ->
            refused(
                REALM + ", error=\"invalid_token\"",
                "The API key is not valid. Check it, or ask the operator for a new one."));
  }

  /**
   * The header split at its first run of white space, as {@code split("\\s+", 2)} would, without
   * compiling a regular expression on every request.
   */
  static String[] schemeAndCredentials(String header) {
    int end = 0;
    while (end < header.length() && !isSpace(header.charAt(end))) {
      end++;
    }
    if (end == header.length()) {
      return new String[] {header};
    }
    int start = end;
    while (start < header.length() && isSpace(header.charAt(start))) {
      start++;
    }
    return new String[] {header.substring(0, end), header.substring(start)};
  }

  /** What {@code \s} matches. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static ApiProblem refused(String challenge, String detail) {
    return new ApiProblem(
        ProblemType.UNAUTHORIZED.problem(detail), Map.of("WWW-Authenticate", challenge));
  }
}
