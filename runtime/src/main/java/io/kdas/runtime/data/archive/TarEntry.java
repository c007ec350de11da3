package io.kdas.runtime.data.archive;

/**
 * One member of a tar archive, as {@link TarReader} reports it: long names and pax paths already
 * applied, the name exactly as stored (not yet checked or normalized, see {@link ArchivePaths}).
 *
 * @param name the stored path of the member
 * @param type the ustar type flag: '0' (or NUL, '7') regular file, '5' folder, '1' hard link, '2'
 *     symbolic link, '3'/'4' device, '6' FIFO, anything else unsupported
 * @param size the number of content bytes that follow the header (0 for non-files)
 * @param linkName the target of a link, "" for other types
 */
public record TarEntry(String name, char type, long size, String linkName) {

  /** Whether the member is a regular file with content. */
  public boolean isFile() {
    return type == '0' || type == '\0' || type == '7';
  }

  /** Whether the member is a folder. */
  public boolean isDirectory() {
    return type == '5';
  }

  /** What the member is, for messages ("a symbolic link to ../x"). */
  public String kind() {
    return switch (type) {
      case '0', '\0', '7' -> "a regular file";
      case '1' -> "a hard link to " + linkName;
      case '2' -> "a symbolic link to " + linkName;
      case '3' -> "a character device";
      case '4' -> "a block device";
      case '5' -> "a folder";
      case '6' -> "a FIFO";
      default -> "an entry of unsupported tar type '" + type + "'";
    };
  }
}
