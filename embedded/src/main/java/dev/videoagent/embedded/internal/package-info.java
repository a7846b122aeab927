/**
 * The assembly behind {@link dev.videoagent.embedded.VideoAgent}: wiring of the core, the gateway
 * adapter, the repository and the store in plain Java, the event hub, and the asynchronous waits.
 * Not part of the published API: anything here may change in any release.
 */
package dev.videoagent.embedded.internal;
