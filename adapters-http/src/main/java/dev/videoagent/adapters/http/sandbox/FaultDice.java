package dev.videoagent.adapters.http.sandbox;

import java.util.Random;

/** All random fault decisions, from one seeded sequence, so a run can be replayed. */
final class FaultDice {
  enum SubmitFault {
    NONE,
    RATE_LIMITED,
    UNAVAILABLE,
    AMBIGUOUS
  }

  private SandboxFaults faults;
  private Random random;

  FaultDice(SandboxFaults faults) {
    set(faults);
  }

  synchronized void set(SandboxFaults value) {
    faults = value;
    random = new Random(value.seed());
  }

  synchronized SandboxFaults faults() {
    return faults;
  }

  synchronized SubmitFault submitFault() {
    double draw = random.nextDouble();
    if (draw < faults.rateLimitRate()) {
      return SubmitFault.RATE_LIMITED;
    }
    if (draw < faults.rateLimitRate() + faults.unavailableRate()) {
      return SubmitFault.UNAVAILABLE;
    }
    if (draw < faults.rateLimitRate() + faults.unavailableRate() + faults.ambiguousRate()) {
      return SubmitFault.AMBIGUOUS;
    }
    return SubmitFault.NONE;
  }

  synchronized boolean statusReadFails() {
    return happens(faults.statusFailureRate());
  }

  synchronized boolean slow() {
    return happens(faults.slowRate());
  }

  synchronized boolean coinFlip() {
    return random.nextBoolean();
  }

  private boolean happens(double rate) {
    // No draw for a knob that is off, so switching one knob on leaves the others' draws alone.
    return rate > 0 && random.nextDouble() < rate;
  }
}
