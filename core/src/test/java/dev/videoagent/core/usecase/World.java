package dev.videoagent.core.usecase;

import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.Sleeper;
import dev.videoagent.core.testing.InMemoryJobRepository;
import dev.videoagent.core.testing.InMemoryVideoStore;
import dev.videoagent.core.testing.MutableClock;
import dev.videoagent.core.testing.ScriptedDownloader;
import dev.videoagent.core.testing.ScriptedGateway;
import java.util.Random;

/** Every use case wired over fakes and a clock that the sleeper moves. */
final class World {
  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final InMemoryJobRepository jobs = new InMemoryJobRepository();
  final ScriptedGateway gateway = new ScriptedGateway();
  final InMemoryVideoStore store = new InMemoryVideoStore();
  final ScriptedDownloader downloader = new ScriptedDownloader(store);
  final Sleeper sleeper = clock::advance;
  final JobPolicy policy;
  final CreateJob createJob;
  final SubmitJob submitJob;
  final AdvanceJob advanceJob;
  final AdvanceDueJobs advanceDueJobs;
  final WaitForJob waitForJob;

  World() {
    this(JobPolicy.defaults(), CallbackAddress.none());
  }

  World(JobPolicy policy, CallbackAddress callbacks) {
    this.policy = policy;
    Random random = new Random(7);
    createJob = new CreateJob(jobs, new TimeOrderedIdGenerator(clock), clock, policy);
    submitJob = new SubmitJob(jobs, gateway, callbacks, clock, policy, random);
    advanceJob = new AdvanceJob(jobs, submitJob, gateway, downloader, clock, policy, random);
    advanceDueJobs = new AdvanceDueJobs(jobs, advanceJob, clock);
    waitForJob = new WaitForJob(jobs, advanceJob, clock, sleeper);
  }

  /** A second worker on the same database, as another process would be. */
  AdvanceJob anotherWorker(JobRepository sharedJobs) {
    Random random = new Random(11);
    SubmitJob submit =
        new SubmitJob(sharedJobs, gateway, CallbackAddress.none(), clock, policy, random);
    return new AdvanceJob(sharedJobs, submit, gateway, downloader, clock, policy, random);
  }

  VideoJob create(String prompt) {
    return createJob.create("acme", VideoRequest.of(prompt), null).job();
  }

  VideoJob reload(VideoJob job) {
    return jobs.findById(job.id()).orElseThrow();
  }
}
