package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.videoagent.assembly.config.Setting;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The service listens where VIDEOAGENT_HOST says, and its start line says where that is. */
class ListenAddressTest {

  @Test
  void byDefaultItListensOnEveryInterfaceAndSaysSo() {
    List<String> lines = logged(TestService::start);
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("videoagent API listening on every interface, port ")
                    .contains("(http://127.0.0.1:"));
  }

  @Test
  void givenAnAddressItListensThereAndSaysSo() {
    String[] url = new String[1];
    List<String> lines =
        logged(
            () -> {
              TestService service =
                  TestService.builder()
                      .env(Setting.VIDEOAGENT_HOST.variable(), "127.0.0.1")
                      .start();
              url[0] = service.service.url().toString();
              assertThat(service.get("/health", null).statusCode()).isEqualTo(200);
              return service;
            });
    assertThat(url[0]).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).startsWith("videoagent API listening on " + url[0]));
  }

  /** The start lines of a service started by {@code start} (and closed again). */
  private static List<String> logged(Supplier<TestService> start) {
    Logger logger = (Logger) LoggerFactory.getLogger(ApiService.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (TestService service = start.get()) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    } finally {
      logger.detachAppender(appender);
    }
  }
}
