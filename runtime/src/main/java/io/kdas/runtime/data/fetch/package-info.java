/**
 * {@code kdas data fetch}: downloads the official archives of the data sets that KDAS knows
 * (CIFAR-10 and CIFAR-100 binary releases, TinyImageNet-200), resuming partial downloads,
 * verifies their published checksums, and unpacks them safely.
 *
 * <p>{@link io.kdas.runtime.data.fetch.KnownSources} is the table of sources; {@link
 * io.kdas.runtime.data.fetch.DatasetFetcher} does the work: {@link
 * io.kdas.runtime.data.fetch.Downloader} (HTTP with Range resume and progress), {@link
 * io.kdas.runtime.data.fetch.Checksum}, {@link io.kdas.runtime.data.fetch.Unpacker} (tar.gz and
 * zip, refusing any member that would land outside the target folder before anything of it is
 * written) and {@link io.kdas.runtime.data.fetch.FetchMarker}, written last, so that a later run
 * never trusts a half-unpacked tree.
 *
 * <p>Every user-facing failure is an {@link io.kdas.runtime.data.DataException} with one line
 * that names the URL, file or archive entry.
 */
package io.kdas.runtime.data.fetch;
