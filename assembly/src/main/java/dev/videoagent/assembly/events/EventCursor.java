package dev.videoagent.assembly.events;

import dev.videoagent.core.JobEvent;
import java.util.List;

/**
 * One reader's place in the {@link EventFeed}: each {@link #next} returns the matching events after
 * the last one read, oldest first, never one twice and never one skipped. Not thread-safe: one
 * reader at a time.
 */
public final class EventCursor {
  private final EventFeed feed;
  private final EventFilter filter;
  private long readUpTo;

  EventCursor(EventFeed feed, EventFilter filter, long afterSeq) {
    this.feed = feed;
    this.filter = filter;
    this.readUpTo = afterSeq;
  }

  /** Up to {@code max} events not read yet; empty when the reader is up to date. */
  public List<JobEvent> next(int max) {
    EventFeed.Page page = feed.next(filter, readUpTo, max);
    readUpTo = Math.max(readUpTo, page.readUpTo());
    return page.events();
  }

  /** The seq this cursor has read up to. */
  public long position() {
    return readUpTo;
  }
}
