package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.port.CallTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CallTokens} does, on real time: a burst of one second's worth, then a wait; one
 * bucket for every process that shares the store; and never more calls than the rate allows,
 * however many take at once.
 */
public abstract class CallTokensContract {
  /**
   * Tokens at {@code perSecond} from the store under test; each call is another process's view of
   * the same bucket (for a database: another pool on it).
   */
  protected abstract CallTokens tokens(double perSecond);

  @Test
  void aFullBucketGivesOneSecondsWorthAtOnceThenSaysHowLongToWait() {
    CallTokens tokens = tokens(2);
    assertThat(tokens.tryTake()).isZero();
    assertThat(tokens.tryTake()).isZero();

    Duration wait = tokens.tryTake();

    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void everyViewTakesFromTheSameBucket() {
    CallTokens first = tokens(2);
    CallTokens second = tokens(2);
    assertThat(first.tryTake()).isZero();
    assertThat(first.tryTake()).isZero();

    assertThat(second.tryTake()).isPositive();
  }

  @Test
  void manyTakersInSeveralViewsTogetherKeepToTheRate() throws Exception {
    double perSecond = 20;
    int views = 3;
    int threadsPerView = 3;
    Duration run = Duration.ofMillis(1500);
    List<CallTokens> shared = new ArrayList<>();
    for (int i = 0; i < views; i++) {
      shared.add(tokens(perSecond));
    }
    AtomicInteger granted = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(views * threadsPerView);
    long start = System.nanoTime();
    long end = start + run.toNanos();
    try {
      List<Future<?>> takers = new ArrayList<>();
      for (CallTokens view : shared) {
        for (int t = 0; t < threadsPerView; t++) {
          takers.add(
              threads.submit(
                  () -> {
                    while (System.nanoTime() < end) {
                      Duration wait = view.tryTake();
                      if (wait.isZero()) {
                        granted.incrementAndGet();
                      } else {
                        Thread.sleep(Math.max(1, wait.toMillis()));
                      }
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> taker : takers) {
        taker.get();
      }
    } finally {
      threads.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    // The burst, then the rate: never more, however many take at once.
    assertThat((double) granted.get()).isLessThanOrEqualTo(perSecond + perSecond * seconds + 1);
    // And the takers are not starved: well over half the rate reaches them.
    assertThat((double) granted.get()).isGreaterThan(perSecond * run.toMillis() / 1000.0 * 0.6);
  }
}
