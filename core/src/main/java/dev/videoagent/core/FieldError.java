package dev.videoagent.core;

/** One invalid input field, named as the user wrote it (JSON field or CLI option). */
public record FieldError(String field, String message) {}
