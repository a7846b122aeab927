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
 * The port is the only argument (default 0: any free port); it runs until interrupted.
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

  static SandboxGateway start(String[] args, PrintStream out) throws IOException {
    if (args.length > 1) {
      throw new IllegalArgumentException("Usage: SandboxMain [PORT]");
    }
    int port;
    try {
      port = args.length == 0 ? 0 : Integer.parseInt(args[0].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The port must be a number from 0 to 65535.");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("The port must be a number from 0 to 65535.");
    }
    SandboxGateway sandbox = SandboxGateway.start(SandboxConfig.defaults().withPort(port));
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
}
