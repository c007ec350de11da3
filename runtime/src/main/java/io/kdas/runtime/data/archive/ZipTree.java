package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip archive as a {@link FileTree}, read in place with random access (nothing is unpacked).
 *
 * <p>Every member is checked when the archive is opened: unsafe names and links are refused as
 * in a tar ({@link ArchivePaths}), and so are a name stored twice, a member that declares more
 * than {@link TarReader#MAX_MEMBER_BYTES} and an archive that declares more than {@link
 * TarReader#MAX_TOTAL_BYTES} in all. A member is read into at most its declared size: one that
 * inflates past it is refused rather than trusted, so memory stays bounded by the declarations.
 * Reads from several threads are safe (the archive is read with positioned reads).
 */
public final class ZipTree implements FileTree {

  private final Path archive;
  private final ZipFile zip;
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, ZipArchiveEntry> members = new HashMap<>();
  private final Map<String, List<Node>> children = new HashMap<>();

  private ZipTree(Path archive, ZipFile zip) {
    this.archive = archive;
    this.zip = zip;
  }

  /**
   * Opens and checks {@code archive}.
   *
   * @throws DataException naming the archive (and the member) if it is not a readable zip or a
   *     member breaks the rules above
   */
  public static ZipTree open(Path archive) {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setFile(archive.toFile()).get();
    } catch (IOException e) {
      throw new DataException("cannot open " + archive + " as a zip archive: " + e.getMessage(),
          e);
    }
    ZipTree tree = new ZipTree(archive, zip);
    try {
      tree.index();
    } catch (RuntimeException e) {
      tree.close();
      throw e;
    }
    return tree;
  }

  private void index() {
    nodes.put("", new Node("", true, 0, 0));
    long declared = 0;
    for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
      List<String> segments = ArchivePaths.checked(archive, entry);
      if (segments.isEmpty()) {
        continue;
      }
      String path = String.join("/", segments);
      long size = entry.isDirectory() ? 0 : entry.getSize();
      if (size < 0 || size > TarReader.MAX_MEMBER_BYTES) {
        throw new DataException("refusing archive entry " + entry.getName() + " of " + archive
            + ": it declares " + size + " bytes, expected 0 to " + TarReader.MAX_MEMBER_BYTES);
      }
      declared += size;
      if (declared > TarReader.MAX_TOTAL_BYTES) {
        throw new DataException("archive " + archive + " expands to more than "
            + TarReader.MAX_TOTAL_BYTES + " bytes at entry " + entry.getName()
            + ": refused; unpack it and point the spec at the folder");
      }
      Node node = new Node(path, entry.isDirectory(), size, entry.getTime() * 1_000_000L);
      Node before = nodes.get(path);
      if (before != null && !(before.directory() && node.directory())) {
        throw new DataException("refusing archive entry " + entry.getName() + " of " + archive
            + ": the name " + path + " is stored twice");
      }
      if (before == null) {
        add(node);
      }
      if (!entry.isDirectory()) {
        members.put(path, entry);
      }
    }
  }

  /** Adds a node and the folders above it that the archive does not store itself. */
  private void add(Node node) {
    nodes.put(node.path(), node);
    int slash = node.path().lastIndexOf('/');
    String parent = slash < 0 ? "" : node.path().substring(0, slash);
    Node folder = nodes.get(parent);
    if (folder == null) {
      add(new Node(parent, true, 0, 0));
    } else if (!folder.directory()) {
      throw new DataException("refusing archive " + archive + ": " + parent
          + " is both a file and a folder");
    }
    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(node);
  }

  @Override
  public Node find(String path) {
    return nodes.get(path);
  }

  @Override
  public List<Node> list(String path) {
    return List.copyOf(children.getOrDefault(path, List.of()));
  }

  @Override
  public byte[] read(String path) {
    ZipArchiveEntry entry = members.get(path);
    if (entry == null) {
      throw new DataException("no file " + describe(path));
    }
    int size = (int) Math.min(entry.getSize(), Integer.MAX_VALUE - 16);
    byte[] bytes = new byte[size];
    try (InputStream in = zip.getInputStream(entry)) {
      int read = in.readNBytes(bytes, 0, size);
      if (read < size) {
        throw new DataException(describe(path) + " is truncated: " + read + " of its "
            + size + " bytes could be read");
      }
      if (in.read() >= 0) {
        throw new DataException(describe(path) + " inflates past the " + size
            + " bytes it declares: refused");
      }
    } catch (IOException e) {
      throw new DataException("cannot read " + describe(path) + ": " + e.getMessage(), e);
    }
    return bytes;
  }

  @Override
  public String describe(String path) {
    return path.isEmpty() ? archive.toString() : ArchivePaths.describe(archive, path);
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      // Read-only: nothing is lost if closing fails.
    }
  }
}
