package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.api.ApiService;
import dev.videoagent.assembly.AssemblyPlan;
import dev.videoagent.assembly.GuardedGateway;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.cli.CliMain;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.PollSchedule;
import dev.videoagent.embedded.internal.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library, the service and the command line, given the same configuration, assemble the same:
 * the gateway pipeline with its breaker, the time-outs, the claim lease and the polling policy, the
 * tracker and its workers, the clean-up of stale downloads, the store. In the library's package, to
 * read what its builder resolved without a public method for it.
 */
class CallersAssembleTheSameTest {
  @TempDir Path temp;

  private Map<String, String> env(Map<String, String> given) {
    Map<String, String> env = new HashMap<>(given);
    env.put(Setting.VIDEOAGENT_HOME.variable(), temp.resolve("home").toString());
    return env;
  }

  private AssemblyPlan library(Map<String, String> env) {
    return Engine.assembly(VideoAgent.builder().fromEnvironment(env).settings()).plan();
  }

  private AssemblyPlan service(Map<String, String> env) {
    Configuration configuration = Configuration.read(Map.of(), env, temp);
    return ApiService.plan(configuration.settings(), configuration.serviceSettings());
  }

  private AssemblyPlan commandLine(Map<String, String> env) {
    return CliMain.plan(env, temp);
  }

  @Test
  void withTheDefaultsTheyAgreeOnTheStandardPipeline() {
    Map<String, String> env = env(Map.of(Setting.PIXAZO_API_KEY.variable(), "a-key-for-plans"));

    AssemblyPlan library = library(env);
    assertThat(library).isEqualTo(service(env)).isEqualTo(commandLine(env));

    assertThat(library.gateway()).isEqualTo("pixazo https://gateway.pixazo.ai");
    assertThat(library.breaker())
        .isEqualTo(GuardedGateway.BreakerSettings.standard(Duration.ofSeconds(30)));
    assertThat(library.timeouts())
        .isEqualTo(
            new AssemblyPlan.Timeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30)));
    assertThat(library.policy())
        .isEqualTo(JobPolicy.defaults())
        .extracting(JobPolicy::lease, JobPolicy::polling)
        .containsExactly(Duration.ofMinutes(3), PollSchedule.polling());
    assertThat(library.tracker())
        .isEqualTo(new BackgroundTracker.Settings(8, 5.0, Duration.ofSeconds(1), 100));
    assertThat(library.workers().threads()).isEqualTo(8);
    assertThat(library.workers().hostExecutor()).isFalse();
    assertThat(library.stalePartAge()).isEqualTo(Duration.ofHours(6));
    assertThat(library.store()).isEqualTo("file:" + temp.resolve("home").resolve("videos"));
    assertThat(library.database())
        .isEqualTo("jdbc:sqlite:" + temp.resolve("home").resolve("videoagent.db"));
    assertThat(library.callbacks()).isFalse();
  }

  @Test
  void everySettingTheyShareIsAppliedAlike() {
    Map<String, String> env =
        env(
            Map.of(
                Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                Setting.VIDEOAGENT_MAX_IN_FLIGHT.variable(), "3",
                Setting.VIDEOAGENT_JOB_DEADLINE.variable(), "90m",
                Setting.VIDEOAGENT_GATEWAY_CONCURRENCY.variable(), "2",
                Setting.VIDEOAGENT_GATEWAY_RATE.variable(), "2.5",
                Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES.variable(), "1000000",
                Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable(), "80s",
                Setting.VIDEOAGENT_CLAIM_LEASE.variable(), "4m",
                Setting.VIDEOAGENT_DB.variable(), "jdbc:sqlite:" + temp.resolve("elsewhere.db")));

    AssemblyPlan library = library(env);
    assertThat(library).isEqualTo(service(env)).isEqualTo(commandLine(env));

    assertThat(library.gateway()).isEqualTo("sandbox");
    assertThat(library.timeouts().submit()).isEqualTo(Duration.ofSeconds(80));
    assertThat(library.timeouts().status()).isEqualTo(Duration.ofSeconds(30));
    assertThat(library.policy().lease()).isEqualTo(Duration.ofMinutes(4));
    assertThat(library.policy().maxInFlight()).isEqualTo(3);
    assertThat(library.policy().deadline()).isEqualTo(Duration.ofMinutes(90));
    assertThat(library.tracker().concurrency()).isEqualTo(2);
    assertThat(library.tracker().callsPerSecond()).isEqualTo(2.5);
    assertThat(library.maxDownloadBytes()).isEqualTo(1_000_000);
    assertThat(library.database()).endsWith("elsewhere.db");
  }

  @Test
  void aShortGatewayTimeOutGivesStatusReadsHalfOfItEverywhere() {
    Map<String, String> env =
        env(
            Map.of(
                Setting.PIXAZO_API_KEY.variable(), "a-key-for-plans",
                Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable(), "20s"));
    AssemblyPlan library = library(env);
    assertThat(library).isEqualTo(service(env)).isEqualTo(commandLine(env));
    assertThat(library.timeouts().status()).isEqualTo(Duration.ofSeconds(10));
  }
}
