package dev.videoagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.core.usecase.PollSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Runs the real command line in-process against a temporary VIDEOAGENT_HOME (a real SQLite file)
 * and the real sandbox: either the in-process one of {@code --sandbox} (started by the command,
 * closed at its end) or a "remote" one started here and reached through PIXAZO_BASE_URL, which
 * outlives commands the way the real gateway does.
 */
final class CliHarness implements AutoCloseable {
  /** The sandbox clip every completed job serves. */
  static final byte[] CLIP = clip();

  final Path home;
  final Path workDir;
  final Map<String, String> env = new HashMap<>();
  final AtomicInteger injectorsBuilt = new AtomicInteger();
  private final List<SandboxGateway> sandboxes = new ArrayList<>();
  private final ObjectMapper mapper = Json.mapper();

  /** The in-process sandbox of {@code --sandbox}: jobs finish after this. */
  SandboxConfig inProcessSandbox =
      SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300));

  /**
   * True: statuses are read every 100 ms or so instead of the production schedule (first read after
   * 5 s), so that tests take seconds, not minutes. False: the production wiring as is.
   */
  boolean fastPolling = true;

  boolean interactive;

  CliHarness(Path temp) {
    this.home = temp.resolve("home");
    this.workDir = temp.resolve("work");
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put(Setting.VIDEOAGENT_HOME.variable(), home.toString());
  }

  /** Starts a sandbox that outlives commands, and points the environment at it. */
  SandboxGateway remoteSandbox(Duration completionDelay) {
    return remoteSandbox(SandboxConfig.defaults().withCompletionDelay(completionDelay));
  }

  SandboxGateway remoteSandbox(SandboxConfig config) {
    SandboxGateway sandbox = startSandbox(config);
    env.put(Setting.PIXAZO_BASE_URL.variable(), sandbox.baseUrl().toString());
    env.put(Setting.PIXAZO_API_KEY.variable(), sandbox.apiKey());
    return sandbox;
  }

  SandboxGateway startSandbox(Duration completionDelay) {
    return startSandbox(SandboxConfig.defaults().withCompletionDelay(completionDelay));
  }

  private SandboxGateway startSandbox(SandboxConfig config) {
    try {
      SandboxGateway sandbox = SandboxGateway.start(config);
      sandboxes.add(sandbox);
      return sandbox;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CliMain(context(out, err)).run(args);
    return new Result(exit, out.toString(), err.toString(), mapper);
  }

  /** As {@link #run}, but always through picocli's parse, as a run without a shortcut goes. */
  Result runThroughPicocli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CliMain(context(out, err)).everything().execute(args);
    return new Result(exit, out.toString(), err.toString(), mapper);
  }

  /** What a command run here sees, its output dropped. */
  CliContext context() {
    return context(new StringWriter(), new StringWriter());
  }

  private CliContext context(StringWriter out, StringWriter err) {
    return new CliContext(
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        env,
        home.getParent(),
        workDir,
        interactive,
        100,
        this::injector,
        Interrupts.none(),
        level -> {});
  }

  private Injector injector(Settings settings) {
    injectorsBuilt.incrementAndGet();
    SandboxConfig sandbox = inProcessSandbox;
    boolean fast = fastPolling;
    UnaryOperator<Assembly.Builder> tuning =
        builder -> {
          builder.sandbox(sandbox);
          if (fast) {
            builder.polling(
                new PollSchedule(Duration.ofMillis(100), 1.5, Duration.ofMillis(400), 0.1));
          }
          return builder;
        };
    return Guice.createInjector(Stage.DEVELOPMENT, new CliModule(settings, tuning));
  }

  @Override
  public void close() {
    sandboxes.forEach(SandboxGateway::close);
  }

  private static byte[] clip() {
    try (InputStream in = SandboxGateway.class.getResourceAsStream("sample.mp4")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a command did. */
  record Result(int exitCode, String out, String err, ObjectMapper mapper) {
    /** stdout as exactly one JSON document (fails on anything before or after it). */
    JsonNode json() {
      try {
        return mapper.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not one JSON document: " + out + "\nstderr: " + err, e);
      }
    }

    /** stdout as JSON Lines: one document per line. */
    List<JsonNode> jsonLines() {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          nodes.add(mapper.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
      }
      return nodes;
    }

    String id() {
      return json().get("id").asText();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
