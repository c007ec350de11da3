/**
 * Image data for KDAS runs: loading (class-per-folder JPEG/PNG trees, also straight from a
 * {@code .tar.gz}/{@code .tar} archive; the CIFAR-10 and CIFAR-100 binary releases;
 * TinyImageNet-200 from its folder or zip; or a generated synthetic problem), all with a
 * decoded-pixel cache; class-balanced subsets, channel statistics for normalization, and the
 * training input pipeline.
 *
 * <p>Archives are read in one streaming pass and never unpacked; unsafe members (absolute paths,
 * {@code ..}, links) are refused. Caches are written atomically, stamped with a fingerprint of the
 * source, and rebuilt when partial or stale; with a valid cache an archive is only stat-ed.
 *
 * <p>The pipeline is built around a fixed pool of augmented views per example ({@link
 * io.kdas.runtime.data.ViewAugmenter}): teacher predictions are computed once per (example, view)
 * and reused by every student trial, which is only sound if no other view is ever shown. {@link
 * io.kdas.runtime.data.BatchStream} renders an epoch's batches on a background thread into reused
 * buffers. Pixels stay uint8 in memory ({@link io.kdas.runtime.data.ImageSplit}) and become floats
 * in [0, 1] only in a batch; per-channel normalization is left to the network, with {@link
 * io.kdas.runtime.data.ChannelStats}, so that an exported model applies it too.
 *
 * <p>User mistakes (missing folders, unreadable images, bad records) surface as {@link
 * io.kdas.runtime.data.DataException} with a one-line message naming the file (and the archive
 * entry, record or line).
 */
package io.kdas.runtime.data;
