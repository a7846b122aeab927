package dev.videoagent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text that refuses bytes which are not UTF-8, and refuses them where they are: every
 * character before the bad bytes is read first, so the reader's caller knows the line they are on
 * ({@link java.io.InputStreamReader} decodes ahead and fails a whole buffer early).
 */
final class StrictUtf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
  private boolean ended;
  private CoderResult error;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
  }

  /**
   * @throws java.nio.charset.MalformedInputException once every character before the bad bytes has
   *     been read
   */
  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    CharBuffer out = CharBuffer.wrap(target, offset, length);
    while (out.position() == offset) {
      if (error != null) {
        error.throwException();
      }
      CoderResult result = decoder.decode(bytes, out, ended);
      if (result.isError()) {
        error = result;
      } else if (result.isOverflow()) {
        break;
      } else if (ended) {
        decoder.flush(out);
        return out.position() == offset ? -1 : out.position() - offset;
      } else {
        fill();
      }
    }
    return out.position() - offset;
  }

  private void fill() throws IOException {
    bytes.compact();
    int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (read < 0) {
      ended = true;
    } else {
      bytes.position(bytes.position() + read);
    }
    bytes.flip();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
