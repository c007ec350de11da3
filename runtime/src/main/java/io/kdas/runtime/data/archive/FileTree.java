package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import java.io.Closeable;
import java.util.List;

/**
 * A read-only tree of folders and files, a folder on disk or a zip archive, addressed by
 * {@code /}-separated paths relative to its top ({@code ""} is the top), so that a loader reads
 * either one the same way.
 *
 * <p>{@link #read} may be called from several threads at once.
 */
public interface FileTree extends Closeable {

  /**
   * A file or folder of the tree.
   *
   * @param path its path from the top
   * @param directory whether it is a folder
   * @param size its content bytes (0 for a folder)
   * @param modifiedNanos its modification time in nanoseconds since the epoch
   */
  record Node(String path, boolean directory, long size, long modifiedNanos) {

    /** The last segment of the path. */
    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /** The node at {@code path}, or null if there is none. */
  Node find(String path);

  /** The files and folders directly in the folder {@code path}, in no particular order. */
  List<Node> list(String path);

  /**
   * The content of the file at {@code path}.
   *
   * @throws DataException naming the file if it cannot be read
   */
  byte[] read(String path);

  /** How {@code path} is named in messages: a file path, or an archive and its entry. */
  String describe(String path);

  /** Whether {@code path} is a file of the tree. */
  default boolean isFile(String path) {
    Node node = find(path);
    return node != null && !node.directory();
  }

  /** Whether {@code path} is a folder of the tree. */
  default boolean isDirectory(String path) {
    Node node = find(path);
    return node != null && node.directory();
  }

  /** {@code parent/name}, or {@code name} at the top. */
  static String join(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  @Override
  void close();
}
