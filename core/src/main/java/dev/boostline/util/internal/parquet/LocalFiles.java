package dev.boostline.util.internal.parquet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet {@link InputFile} and {@link OutputFile} over local files without Hadoop's file system.
 * Parquet 1.13 (the version Spark 3.5 ships) has no local implementations of its own, so core uses
 * these on every Parquet version it runs with.
 */
public final class LocalFiles {
  private LocalFiles() {}

  /** A file to read. */
  public static InputFile input(Path file) {
    return new InputFile() {
      @Override
      public long getLength() throws IOException {
        return Files.size(file);
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        InputStream in = Channels.newInputStream(channel);
        return new DelegatingSeekableInputStream(in) {
          @Override
          public long getPos() throws IOException {
            return channel.position();
          }

          @Override
          public void seek(long newPos) throws IOException {
            channel.position(newPos);
          }
        };
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }

  /** A new file to write (it must not exist). */
  public static OutputFile output(Path file) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return stream(
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return stream(
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }

  private static PositionOutputStream stream(FileChannel channel) {
    OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    return new PositionOutputStream() {
      private long pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        pos++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        pos += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
