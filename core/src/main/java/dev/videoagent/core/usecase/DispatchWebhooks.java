package dev.videoagent.core.usecase;

import dev.videoagent.core.port.ClaimedDelivery;
import dev.videoagent.core.port.WebhookRepository;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The webhook dispatcher's round: fan out new events, then claim as many due deliveries as there
 * are free send slots and send each on the executor. The claim happens in the database, so any
 * number of processes may run this on one database; a delivery is held by one of them at a time.
 * Thread-safe for one caller loop and the executor's threads.
 */
public final class DispatchWebhooks {
  private final FanOutEvents fanOut;
  private final WebhookRepository webhooks;
  private final DeliverWebhook deliver;
  private final Clock clock;
  private final DeliveryPolicy policy;
  private final Executor executor;
  private final Semaphore slots;
  private final Consumer<RuntimeException> trouble;

  /**
   * @param executor runs the sends; at most {@link DeliveryPolicy#concurrency()} at once
   * @param trouble told of a send or a round that failed unexpectedly (a database outage)
   */
  public DispatchWebhooks(
      FanOutEvents fanOut,
      WebhookRepository webhooks,
      DeliverWebhook deliver,
      Clock clock,
      DeliveryPolicy policy,
      Executor executor,
      Consumer<RuntimeException> trouble) {
    this.fanOut = fanOut;
    this.webhooks = webhooks;
    this.deliver = deliver;
    this.clock = clock;
    this.policy = policy;
    this.executor = executor;
    this.slots = new Semaphore(policy.concurrency());
    this.trouble = trouble;
  }

  /**
   * One round. Waits for a free send slot first, so a caller looping on this never claims more than
   * it can send within the lease.
   *
   * @return events fanned out plus deliveries claimed: zero means there was nothing to do
   * @throws InterruptedException when interrupted while waiting for a slot
   */
  public int runOnce() throws InterruptedException {
    int fanned = fanOut.runOnce();
    slots.acquire();
    int free = 1 + slots.drainPermits();
    List<ClaimedDelivery> claimed;
    try {
      claimed = webhooks.claimDue(clock.instant(), policy.lease(), free);
    } catch (RuntimeException e) {
      slots.release(free);
      throw e;
    }
    slots.release(free - claimed.size());
    for (ClaimedDelivery delivery : claimed) {
      try {
        executor.execute(() -> send(delivery));
      } catch (RuntimeException e) {
        // A closing executor: the claim lapses and another round (or process) sends it.
        slots.release();
        trouble.accept(e);
      }
    }
    return fanned + claimed.size();
  }

  /** Makes dispatchers of one configuration on the executor a host chooses. */
  @FunctionalInterface
  public interface Factory {
    DispatchWebhooks on(Executor executor, Consumer<RuntimeException> trouble);
  }

  /** Sends in flight now. */
  public int inFlight() {
    return policy.concurrency() - slots.availablePermits();
  }

  private void send(ClaimedDelivery delivery) {
    try {
      deliver.deliver(delivery);
    } catch (RuntimeException e) {
      // The outcome was not recorded: the claim lapses and the delivery is sent again.
      trouble.accept(e);
    } finally {
      slots.release();
    }
  }
}
