package dev.videoagent.assembly.config;

/**
 * How one kind of setting value is read from text, checked when it comes typed (from the library's
 * builder), and written back as text that reads the same. The forms are in {@link Forms}.
 *
 * @param <T> the typed value
 */
public interface Form<T> {

  /**
   * The value that {@code text} means.
   *
   * @param text the value as given, stripped and never blank
   * @throws Refused when the text is not of this form
   */
  T read(String text);

  /** Whether a typed value is one this form accepts. */
  boolean accepts(T value);

  /** The shortest text that {@link #read} reads back as exactly {@code value}. */
  String write(T value);

  /**
   * What a value must be, as the end of a sentence that begins with the setting's name: {@code
   * "must be a whole number from 1 to 256"}.
   */
  String rule();

  /**
   * A value this form does not take. The setting turns it into one sentence that starts with its
   * name: the form's {@link #rule()}, or the more precise {@code predicate} given here.
   */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The end of the sentence, or null for the form's rule. */
    private final String predicate;

    public Refused() {
      this(null);
    }

    public Refused(String predicate) {
      super(predicate, null, false, false);
      this.predicate = predicate;
    }

    String predicate() {
      return predicate;
    }
  }
}
