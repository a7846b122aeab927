package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.ForwardingJobRepository;
import dev.videoagent.core.testing.InMemoryClientKeyRepository;
import dev.videoagent.core.usecase.CancelJob.CancelResult;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import dev.videoagent.core.usecase.RetryJob.RetryResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Create, cancel, retry, get, list and the client keys. */
class JobCommandsTest {
  private final World world = new World();
  private final CancelJob cancel = new CancelJob(world.jobs, world.clock);
  private final RetryJob retry = new RetryJob(world.jobs, world.clock, world.policy);

  @Test
  void theSameIdempotencyKeyAndRequestReplayTheJob() {
    CreateResult first = world.createJob.create("acme", VideoRequest.of("demo"), "k1");
    CreateResult again = world.createJob.create("acme", VideoRequest.of(" demo "), "k1");
    assertThat(first).isInstanceOf(CreateResult.Created.class);
    assertThat(again).isInstanceOf(CreateResult.Replayed.class);
    assertThat(again.job().id()).isEqualTo(first.job().id());
  }

  @Test
  void theSameKeyWithAnotherRequestIsAConflict() {
    VideoJob first = world.createJob.create("acme", VideoRequest.of("demo"), "k1").job();
    CreateResult other = world.createJob.create("acme", VideoRequest.of("another"), "k1");
    assertThat(other).isInstanceOf(CreateResult.KeyConflict.class);
    assertThat(other.job().id()).isEqualTo(first.id());
  }

  @Test
  void keysBelongToTheirTenant() {
    VideoJob acme = world.createJob.create("acme", VideoRequest.of("demo"), "k1").job();
    VideoJob globex = world.createJob.create("globex", VideoRequest.of("demo"), "k1").job();
    assertThat(globex.id()).isNotEqualTo(acme.id());
  }

  @Test
  void aBadIdempotencyKeyIsAValidationError() {
    assertThatThrownBy(() -> world.createJob.create("acme", VideoRequest.of("demo"), "has space"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors().get(0).field()).isEqualTo("Idempotency-Key"));
  }

  @Test
  void cancelStopsARunningJobAndRefusesAFinishedOne() {
    VideoJob job = world.create("demo");
    assertThat(cancel.cancel(Access.operator(), job.id()))
        .isInstanceOf(CancelResult.Canceled.class);
    assertThat(world.reload(job).status()).isEqualTo(JobStatus.CANCELED);
    assertThat(cancel.cancel(Access.operator(), job.id()))
        .isInstanceOf(CancelResult.AlreadyFinished.class);
    assertThat(world.advanceDueJobs.runOnce(10)).isEmpty();
    assertThat(world.gateway.submissions()).isEmpty();
  }

  @Test
  void aCancelOrRetryThatLosesARaceReadsTheJobAgainAndDecidesAgain() {
    RacingRepository racing = new RacingRepository(world.jobs);
    VideoJob job = world.create("submitted while being canceled");
    // The tracker submits the job between the cancel's read and its write.
    racing.beforeNextUpdate = () -> world.advanceJob.refresh(world.reload(job));

    CancelResult canceled = new CancelJob(racing, world.clock).cancel(Access.operator(), job.id());

    assertThat(canceled).isInstanceOf(CancelResult.Canceled.class);
    VideoJob stopped = ((CancelResult.Canceled) canceled).job();
    assertThat(stopped.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(stopped.gatewayRequestId()).as("canceled as it stood after the race").isNotNull();
    assertThat(racing.updates).isEqualTo(2);

    VideoJob failed = world.create("retried twice at once");
    world.jobs.update(failed.failed(ErrorCode.GATEWAY_FAILED, "x", world.clock.instant()));
    racing.updates = 0;
    racing.beforeNextUpdate = () -> retry.retry(Access.operator(), failed.id());

    RetryResult second =
        new RetryJob(racing, world.clock, world.policy).retry(Access.operator(), failed.id());

    assertThat(second).isInstanceOf(RetryResult.NotFailed.class);
    assertThat(((RetryResult.NotFailed) second).job().attempt()).isEqualTo(2);
    assertThat(racing.updates).isEqualTo(1);
  }

  /** The jobs, with something else written just before the next update: a lost race. */
  private static final class RacingRepository extends ForwardingJobRepository {
    Runnable beforeNextUpdate;
    int updates;

    RacingRepository(JobRepository jobs) {
      super(jobs);
    }

    @Override
    public Optional<VideoJob> update(VideoJob job) {
      updates++;
      Runnable race = beforeNextUpdate;
      beforeNextUpdate = null;
      if (race != null) {
        race.run();
      }
      return super.update(job);
    }
  }

  @Test
  void anotherTenantCannotCancelRetryOrSeeAJob() {
    VideoJob job = world.create("demo");
    assertThat(cancel.cancel(Access.tenant("globex"), job.id()))
        .isInstanceOf(CancelResult.NotFound.class);
    assertThat(retry.retry(Access.tenant("globex"), job.id()))
        .isInstanceOf(RetryResult.NotFound.class);
    assertThat(new GetJob(world.jobs).get(Access.tenant("globex"), job.id())).isEmpty();
    assertThat(new GetJob(world.jobs).get(Access.tenant("acme"), job.id())).isPresent();
    assertThat(new ListJobs(world.jobs).list(Access.tenant("globex"), null, 10, null).jobs())
        .isEmpty();
  }

  @Test
  void onlyFailedJobsCanBeRetried() {
    VideoJob job = world.create("demo");
    assertThat(retry.retry(Access.operator(), job.id())).isInstanceOf(RetryResult.NotFailed.class);
    world.jobs.update(
        world.reload(job).failed(ErrorCode.GATEWAY_FAILED, "x", world.clock.instant()));
    RetryResult result = retry.retry(Access.operator(), job.id());
    assertThat(result)
        .isInstanceOfSatisfying(
            RetryResult.Retried.class,
            r -> {
              assertThat(r.job().status()).isEqualTo(JobStatus.PENDING);
              assertThat(r.job().attempt()).isEqualTo(2);
            });
  }

  @Test
  void issuedKeysAuthenticateTheirTenantAndOthersDoNot() {
    InMemoryClientKeyRepository keys = new InMemoryClientKeyRepository();
    IssueClientKey issue =
        new IssueClientKey(keys, new TimeOrderedIdGenerator(world.clock), world.clock);
    AuthenticateClient auth = new AuthenticateClient(keys, world.clock);

    String key = issue.issue("acme");
    auth.registerBootstrapKey("globex", "bootstrap-secret-123");

    assertThat(key).startsWith("va_").hasSizeGreaterThan(40);
    assertThat(auth.authenticate(key)).contains(Access.tenant("acme"));
    assertThat(auth.authenticate("bootstrap-secret-123")).contains(Access.tenant("globex"));
    assertThat(auth.authenticate(key + "x")).isEmpty();
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.authenticate((String) null)).isEmpty();
    assertThat(keys.findByHash(ClientKeys.hash(key)).orElseThrow().keyHash()).doesNotContain(key);
  }

  @Test
  void aBootstrapKeyRegisteredAgainForItsTenantIsRegistered() {
    AuthenticateClient auth =
        new AuthenticateClient(new InMemoryClientKeyRepository(), world.clock);

    assertThat(auth.registerBootstrapKey("acme", "bootstrap-secret-123"))
        .isEqualTo(new AuthenticateClient.BootstrapResult.Registered("acme"));
    assertThat(auth.registerBootstrapKey("acme", "bootstrap-secret-123"))
        .isEqualTo(new AuthenticateClient.BootstrapResult.Registered("acme"));
  }

  @Test
  void aBootstrapKeyGivenToAnotherTenantIsReportedAndKeepsItsTenant() {
    AuthenticateClient auth =
        new AuthenticateClient(new InMemoryClientKeyRepository(), world.clock);
    auth.registerBootstrapKey("acme", "bootstrap-secret-123");

    assertThat(auth.registerBootstrapKey("beta", "bootstrap-secret-123"))
        .isEqualTo(new AuthenticateClient.BootstrapResult.HeldByAnotherTenant("beta", "acme"))
        .asString()
        .doesNotContain("bootstrap-secret-123");
    assertThat(auth.authenticate("bootstrap-secret-123")).contains(Access.tenant("acme"));
  }

  @Test
  void aKeyOverTheLengthLimitIsUnknown() {
    InMemoryClientKeyRepository keys = new InMemoryClientKeyRepository();
    AuthenticateClient auth = new AuthenticateClient(keys, world.clock);
    String longest = "k".repeat(ClientKey.MAX_CHARS);
    auth.registerBootstrapKey("acme", longest);

    assertThat(auth.authenticate(longest)).contains(Access.tenant("acme"));
    assertThat(auth.authenticate(longest + "k")).isEmpty();
  }
}
