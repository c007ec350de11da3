package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A folder on disk as a {@link FileTree}; links are followed, as any file reader would. */
public final class FolderTree implements FileTree {

  private final Path top;

  public FolderTree(Path top) {
    this.top = top;
  }

  @Override
  public Node find(String path) {
    Path file = resolve(path);
    try {
      return node(path, Files.readAttributes(file, BasicFileAttributes.class));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new DataException("cannot read the attributes of " + file + ": " + e, e);
    }
  }

  @Override
  public List<Node> list(String path) {
    Path folder = resolve(path);
    List<Node> nodes = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        BasicFileAttributes stat = Files.readAttributes(entry, BasicFileAttributes.class);
        if (stat.isRegularFile() || stat.isDirectory()) {
          nodes.add(node(FileTree.join(path, entry.getFileName().toString()), stat));
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list " + folder + ": " + e, e);
    }
    return nodes;
  }

  @Override
  public byte[] read(String path) {
    Path file = resolve(path);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public String describe(String path) {
    return resolve(path).toString();
  }

  @Override
  public void close() {}

  private Path resolve(String path) {
    return path.isEmpty() ? top : top.resolve(path);
  }

  private static Node node(String path, BasicFileAttributes stat) {
    return new Node(path, stat.isDirectory(), stat.isDirectory() ? 0 : stat.size(),
        stat.lastModifiedTime().to(TimeUnit.NANOSECONDS));
  }
}
