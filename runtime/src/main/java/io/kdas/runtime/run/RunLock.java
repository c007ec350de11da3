package io.kdas.runtime.run;

import io.kdas.runtime.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a process holds on a run folder while it works in it ({@code RUN_DIR/.lock}, an OS
 * file lock that is released when the process ends, however it ends). The file holds the
 * holder's process id, which a refused second process names.
 */
public final class RunLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code runDir} for this process.
   *
   * @throws SpecException naming the holder's process id if another process holds it
   */
  public static RunLock acquire(Path runDir) {
    Path file = runDir.resolve(".lock");
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        channel.close();
        throw new SpecException("run folder " + runDir + " is in use by process "
            + (holder.isEmpty() ? "(unknown)" : holder) + ": wait for it to end, or stop it");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /** Whether some process holds the lock of {@code runDir} now. */
  public static boolean isHeld(Path runDir) {
    Path file = runDir.resolve(".lock");
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The process is ending anyway; the OS releases the lock with it.
    }
  }
}
