package dev.videoagent.adapters.http.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxDaemonTest {

  @Test
  void startedFromANonDaemonThreadItLeavesOnlyDaemonThreads() throws Exception {
    // Test threads are not daemons, like a program's main thread.
    assertThat(Thread.currentThread().isDaemon()).isFalse();
    try (SandboxGateway sandbox = SandboxGateway.start(SandboxConfig.defaults())) {
      assertThat(sandbox.baseUrl()).isNotNull();
      assertThat(Thread.getAllStackTraces().keySet())
          .filteredOn(
              t ->
                  t.getName().contains("HTTP-Dispatcher")
                      || t.getName().startsWith("videoagent-sandbox"))
          .isNotEmpty()
          .allMatch(Thread::isDaemon);
    }
  }
}
