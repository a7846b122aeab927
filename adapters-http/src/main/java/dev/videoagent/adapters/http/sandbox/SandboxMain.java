package dev.videoagent.adapters.http.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox on its own, for trying the CLI against it by hand:
 *
 * <pre>
 * java -cp … dev.videoagent.adapters.http.sandbox.SandboxMain 8099
 * PIXAZO_BASE_URL=http://127.0.0.1:8099 PIXAZO_API_KEY=sandbox videoagent generate "…" --wait
 * </pre>
 *
 * The arguments are the port (default 0: any free port) and fault flags: {@code --ambiguous-rate R}
 * (submits taken but answered 500), {@code --ambiguous-without-callback} (those send no webhook),
 * {@code --out-of-credit} (every submit answers 402). It runs until interrupted.
 */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) throws InterruptedException {
    SandboxGateway sandbox;
    try {
      sandbox = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (IOException e) {
      System.err.println("The sandbox could not listen on its port: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                }));
    // The sandbox's threads are daemons: this thread keeps the JVM alive until Ctrl-C.
    stopped.await();
  }

  static final String USAGE =
      "Usage: SandboxMain [PORT] [--ambiguous-rate R] [--ambiguous-without-callback]"
          + " [--out-of-credit]";

  static SandboxGateway start(String[] args, PrintStream out) throws IOException {
    SandboxGateway sandbox = SandboxGateway.start(config(args));
    out.println(sandbox.baseUrl());
    out.println(
        "Subscription key: "
            + sandbox.apiKey()
            + "  (PIXAZO_BASE_URL="
            + sandbox.baseUrl()
            + " PIXAZO_API_KEY="
            + sandbox.apiKey()
            + ")");
    out.flush();
    return sandbox;
  }

  /** The configuration the arguments describe. */
  static SandboxConfig config(String[] args) {
    Integer port = null;
    SandboxFaults faults = SandboxFaults.none();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i].strip();
      switch (arg) {
        case "--ambiguous-rate" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--ambiguous-rate needs a number from 0 to 1.");
          }
          faults = faults.withAmbiguousRate(rate(args[++i]));
        }
        case "--ambiguous-without-callback" -> faults = faults.withAmbiguousWithoutCallback(true);
        case "--out-of-credit" -> faults = faults.withOutOfCredit(true);
        default -> {
          if (port != null || arg.startsWith("-")) {
            throw new IllegalArgumentException(USAGE);
          }
          port = port(arg);
        }
      }
    }
    return SandboxConfig.defaults().withPort(port == null ? 0 : port).withFaults(faults);
  }

  private static int port(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The port must be a number from 0 to 65535.");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("The port must be a number from 0 to 65535.");
    }
    return port;
  }

  private static double rate(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--ambiguous-rate needs a number from 0 to 1.");
    }
  }
}
