package dev.videoagent.core.testing;

import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.JobRepository;
import org.junit.jupiter.api.Nested;

/**
 * The fakes pass the same contract as the real repositories, so tests using them mean something.
 */
class InMemoryRepositoriesTest {
  @Nested
  class Jobs extends JobRepositoryContract {
    @Override
    protected JobRepository repository() {
      return new InMemoryJobRepository();
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
