package dev.videoagent.core.testing;

import dev.videoagent.core.DailyCaps;

/** The usage contract on the in-memory fake: views of one store share one repository's maps. */
class InMemoryUsageTest extends UsageContract {
  private InMemoryUsage usage;

  @Override
  protected Store store(DailyCaps caps) {
    if (usage == null) {
      usage = new InMemoryUsage();
      jobs = new InMemoryJobRepository(new TestEventPayloads(), usage, caps);
    }
    return new Store(jobs, usage);
  }

  private InMemoryJobRepository jobs;
}
