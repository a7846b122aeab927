package dev.videoagent.core.testing;

import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.JobRepository;
import org.junit.jupiter.api.Nested;

/**
 * The fakes pass the same contract as the real repositories, so tests using them mean something.
 */
class InMemoryRepositoriesTest {
  @Nested
  class Jobs extends JobRepositoryContract {
    private JobRepository last;

    @Override
    protected JobRepository repository(EventPayloads payloads) {
      last = new InMemoryJobRepository(payloads);
      return last;
    }

    /** Memory does not survive a restart; the same instance stands in for one. */
    @Override
    protected JobRepository reopened() {
      return last;
    }
  }

  @Nested
  class Keys extends ClientKeyRepositoryContract {
    @Override
    protected ClientKeyRepository clientKeys() {
      return new InMemoryClientKeyRepository();
    }
  }
}
