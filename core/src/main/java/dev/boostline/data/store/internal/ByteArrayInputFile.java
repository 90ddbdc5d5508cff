package dev.boostline.data.store.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over bytes already in memory (read once, hashed, then decoded). */
final class ByteArrayInputFile implements InputFile {
  private final byte[] bytes;

  ByteArrayInputFile(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public long getLength() {
    return bytes.length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new Stream();
  }

  private final class Stream extends SeekableInputStream {
    private int pos;

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > bytes.length) {
        throw new EOFException("seek to " + newPos + " outside 0.." + bytes.length);
      }
      pos = (int) newPos;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, bytes.length - pos);
      if (n <= 0) {
        return -1;
      }
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
      readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      if (len > bytes.length - pos) {
        throw new EOFException("read of " + len + " bytes past the end at " + pos);
      }
      System.arraycopy(bytes, pos, b, off, len);
      pos += len;
    }

    @Override
    public int read(ByteBuffer buf) {
      int n = Math.min(buf.remaining(), bytes.length - pos);
      if (n <= 0) {
        return buf.hasRemaining() ? -1 : 0;
      }
      buf.put(bytes, pos, n);
      pos += n;
      return n;
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      int n = buf.remaining();
      if (n > bytes.length - pos) {
        throw new EOFException("read of " + n + " bytes past the end at " + pos);
      }
      buf.put(bytes, pos, n);
      pos += n;
    }
  }
}
