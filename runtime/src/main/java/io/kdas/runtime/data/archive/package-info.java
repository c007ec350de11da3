/**
 * Archives read in place, never unpacked: tar and gzip in one streaming pass, zip with random
 * access (both on Apache Commons Compress), and {@link io.kdas.runtime.data.archive.FileTree},
 * which lets a loader read a folder or a zip the same way. Unsafe members (absolute paths,
 * {@code ..}, links, devices) are refused, and declared sizes are capped so that a hostile archive
 * cannot exhaust memory.
 */
package io.kdas.runtime.data.archive;
