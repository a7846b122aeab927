package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.api.http.ByteRange.Request;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static final long SIZE = 1000;

  @Test
  void closedRangeIsServedAsAsked() {
    assertThat(ByteRange.parse("bytes=0-99", SIZE))
        .isEqualTo(new Request.Part(new ByteRange(0, 99)));
    assertThat(new ByteRange(0, 99).length()).isEqualTo(100);
    assertThat(new ByteRange(0, 99).contentRange(SIZE)).isEqualTo("bytes 0-99/1000");
  }

  @Test
  void openAndOverlongRangesEndAtTheLastByte() {
    assertThat(ByteRange.parse("bytes=900-", SIZE))
        .isEqualTo(new Request.Part(new ByteRange(900, 999)));
    assertThat(ByteRange.parse("bytes=900-5000", SIZE))
        .isEqualTo(new Request.Part(new ByteRange(900, 999)));
  }

  @Test
  void suffixRangeIsTheLastBytes() {
    assertThat(ByteRange.parse("bytes=-100", SIZE))
        .isEqualTo(new Request.Part(new ByteRange(900, 999)));
    assertThat(ByteRange.parse("bytes=-5000", SIZE))
        .isEqualTo(new Request.Part(new ByteRange(0, 999)));
  }

  @Test
  void rangesOutsideTheVideoAreUnsatisfiable() {
    assertThat(ByteRange.parse("bytes=1000-", SIZE)).isInstanceOf(Request.Unsatisfiable.class);
    assertThat(ByteRange.parse("bytes=5000-6000", SIZE)).isInstanceOf(Request.Unsatisfiable.class);
    assertThat(ByteRange.parse("bytes=-0", SIZE)).isInstanceOf(Request.Unsatisfiable.class);
    assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(Request.Unsatisfiable.class);
  }

  @Test
  void headersThatAreNotOneValidByteRangeAreIgnored() {
    for (String header :
        new String[] {
          "items=0-9",
          "bytes=abc",
          "bytes=5-1",
          "bytes=-",
          "bytes=0-9,20-29",
          "bytes",
          "",
          "bytes=99999999999999999999-"
        }) {
      assertThat(ByteRange.parse(header, SIZE)).as(header).isInstanceOf(Request.Whole.class);
    }
    assertThat(ByteRange.parse(null, SIZE)).isInstanceOf(Request.Whole.class);
  }
}
