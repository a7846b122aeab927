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
  final TrackingPolicy policy;
  final CreateJob createJob;
  final SubmitJob submitJob;
  final RefreshJob refreshJob;
  final TrackJobs trackJobs;
  final WaitForJob waitForJob;

  World() {
    this(TrackingPolicy.defaults(), CallbackAddress.none());
  }

  World(TrackingPolicy policy, CallbackAddress callbacks) {
    this.policy = policy;
    Random random = new Random(7);
    createJob = new CreateJob(jobs, new TimeOrderedIdGenerator(clock), clock, policy);
    submitJob = new SubmitJob(jobs, gateway, callbacks, clock, policy, random);
    refreshJob = new RefreshJob(jobs, submitJob, gateway, downloader, clock, policy, random);
    trackJobs = new TrackJobs(jobs, refreshJob, clock);
    waitForJob = new WaitForJob(jobs, refreshJob, clock, sleeper);
  }

  /** A second worker on the same database, as another process would be. */
  RefreshJob anotherWorker(JobRepository sharedJobs) {
    Random random = new Random(11);
    SubmitJob submit =
        new SubmitJob(sharedJobs, gateway, CallbackAddress.none(), clock, policy, random);
    return new RefreshJob(sharedJobs, submit, gateway, downloader, clock, policy, random);
  }

  VideoJob create(String prompt) {
    return createJob.create("acme", VideoRequest.of(prompt), null).job();
  }

  VideoJob reload(VideoJob job) {
    return jobs.findById(job.id()).orElseThrow();
  }
}
