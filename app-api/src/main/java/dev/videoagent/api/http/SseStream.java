package dev.videoagent.api.http;

import dev.videoagent.assembly.events.EventCursor;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open event stream: pulls the events it has not sent from its {@link EventCursor} and writes
 * them without blocking, only while the connection can take more. A client that reads slowly
 * therefore holds no thread and no queue of its own: it is simply further back in the record, and a
 * client that stops reading is closed by the connection's idle time-out.
 */
final class SseStream implements WriteListener {
  /** Events written per turn, so that one busy stream does not keep a pump thread for long. */
  private static final int BATCH = 100;

  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final ServletOutputStream out;
  private final EventCursor cursor;
  private final Executor pumps;
  private final Settling settling;
  private final Runnable onClose;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean heartbeatDue = new AtomicBoolean();
  private String preface;
  private boolean needsFlush;
  private boolean mayBeSettled;
  private boolean ending;
  private boolean closed;

  /** When a stream ends: a job's, once that job is settled; a tenant's, never. */
  interface Settling {
    Settling NEVER =
        new Settling() {
          @Override
          public boolean mayEndAfter(JobEventType type) {
            return false;
          }

          @Override
          public boolean isSettled() {
            return false;
          }
        };

    /** Whether the job may be settled after an event of this type (then {@link #isSettled}). */
    boolean mayEndAfter(JobEventType type);

    /** Whether the job is settled now (a read of the job). */
    boolean isSettled();
  }

  /**
   * @param preface what is written first (the {@code retry:} hint, the current state)
   * @param mayBeSettled whether the stream should check at once if it is over (a resume)
   */
  SseStream(
      ServletOutputStream out,
      EventCursor cursor,
      Executor pumps,
      String preface,
      boolean mayBeSettled,
      Settling settling,
      Runnable onClose) {
    this.out = out;
    this.cursor = cursor;
    this.pumps = pumps;
    this.preface = preface;
    this.mayBeSettled = mayBeSettled;
    this.settling = settling;
    this.onClose = onClose;
  }

  /** Completes when the stream is over, for whatever reason. */
  CompletableFuture<Void> done() {
    return done;
  }

  /** Starts writing; the container calls {@link #onWritePossible} from now on. */
  void start() {
    out.setWriteListener(this);
  }

  /** New events may be there: write them soon, on a pump thread. */
  void wake() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        pumps.execute(
            () -> {
              scheduled.set(false);
              pump();
            });
      } catch (RuntimeException e) {
        // The pool is shutting down with the service.
        close();
      }
    }
  }

  void heartbeat() {
    heartbeatDue.set(true);
    wake();
  }

  @Override
  public void onWritePossible() {
    wake();
  }

  @Override
  public void onError(Throwable failure) {
    close();
  }

  private synchronized void pump() {
    if (closed) {
      return;
    }
    try {
      while (out.isReady()) {
        byte[] text = nextText();
        if (text.length > 0) {
          out.write(text);
          needsFlush = true;
          continue;
        }
        if (needsFlush) {
          needsFlush = false;
          out.flush();
          continue;
        }
        if (!ending && mayBeSettled) {
          mayBeSettled = false;
          ending = settling.isSettled() && cursor.next(BATCH).isEmpty();
          continue;
        }
        if (ending) {
          close();
        }
        return;
      }
    } catch (IOException | RuntimeException e) {
      // The client went away, or the record could not be read: the client resumes by seq.
      close();
    }
  }

  private byte[] nextText() {
    StringBuilder text = new StringBuilder();
    if (preface != null) {
      text.append(preface);
      preface = null;
    }
    if (!ending) {
      List<JobEvent> events = cursor.next(BATCH);
      for (JobEvent event : events) {
        append(text, event);
        if (settling.mayEndAfter(event.type())) {
          mayBeSettled = true;
        }
      }
    }
    if (heartbeatDue.getAndSet(false) && text.length() == 0) {
      return HEARTBEAT;
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One event in the SSE format; a payload line break would end the field, so each is a field. */
  static void append(StringBuilder text, JobEvent event) {
    appendEvent(text, Long.toString(event.seq()), event.type().wireName(), event.payload());
  }

  static void appendEvent(StringBuilder text, String id, String type, String payload) {
    text.append("id: ").append(id).append('\n');
    text.append("event: ").append(type).append('\n');
    for (String line : payload.split("\r\n|\r|\n", -1)) {
      text.append("data: ").append(line).append('\n');
    }
    text.append('\n');
  }

  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
    done.complete(null);
  }
}
