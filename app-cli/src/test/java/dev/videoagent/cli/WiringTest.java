package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.IssueClientKey;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.WaitForJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production injector, as the CLI builds it, has everything the commands ask it for. */
class WiringTest {
  static final List<Class<?>> WHAT_THE_CLI_USES =
      List.of(
          CreateJob.class,
          AdvanceJob.class,
          AdvanceDueJobs.class,
          WaitForJob.class,
          GetJob.class,
          ListJobs.class,
          CancelJob.class,
          RetryJob.class,
          DownloadVideo.class,
          IssueClientKey.class,
          Clock.class,
          Assembly.class);

  @TempDir Path temp;

  @Test
  void theRealGatewayWiringProvidesEveryUseCase() {
    Settings settings =
        Configuration.ofEnvironment(
                Map.of(
                    Setting.PIXAZO_API_KEY.variable(),
                    "a-key-for-wiring",
                    Setting.VIDEOAGENT_HOME.variable(),
                    temp.resolve("real").toString()),
                temp)
            .settings();
    assertEverythingIsThere(InjectorFactory.production().create(settings));
  }

  @Test
  void theSandboxWiringProvidesEveryUseCase() {
    Settings settings =
        Configuration.ofEnvironment(
                Map.of(
                    Setting.VIDEOAGENT_SANDBOX.variable(),
                    "true",
                    Setting.VIDEOAGENT_HOME.variable(),
                    temp.resolve("sandbox").toString()),
                temp)
            .settings();
    assertEverythingIsThere(InjectorFactory.production().create(settings));
  }

  private static void assertEverythingIsThere(Injector injector) {
    try {
      for (Class<?> type : WHAT_THE_CLI_USES) {
        assertThat(injector.getInstance(type)).as(type.getSimpleName()).isNotNull();
      }
      // Singletons: the commands and the batch workers share one of each.
      assertThat(injector.getInstance(AdvanceJob.class))
          .isSameAs(injector.getInstance(AdvanceJob.class));
    } finally {
      injector.getInstance(Assembly.class).close();
    }
  }
}
