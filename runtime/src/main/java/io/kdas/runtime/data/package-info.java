/**
 * Image data for KDAS runs: the {@link io.kdas.runtime.data.Dataset} every stage consumes, its
 * uint8 {@link io.kdas.runtime.data.ImageSplit}s, class-balanced subsets, channel statistics, and
 * the one-line {@link io.kdas.runtime.data.DataException} that every user mistake in data
 * surfaces as (naming the file and the archive entry, record or line).
 *
 * <p>The work is split by concern:
 *
 * <ul>
 *   <li>{@link io.kdas.runtime.data.source}: the sources a spec can name (CIFAR-10/100,
 *       TinyImageNet-200, class-per-folder images in a folder or archive, a generated task)
 *       behind one interface, {@link io.kdas.runtime.data.source.DataSource}, and the image
 *       decoding they share;
 *   <li>{@link io.kdas.runtime.data.archive}: reading tar, gzip and zip archives in place
 *       (Apache Commons Compress) with every member checked;
 *   <li>{@link io.kdas.runtime.data.cache}: the decoded-pixel caches, stamped with a fingerprint
 *       of their source and checksummed;
 *   <li>{@link io.kdas.runtime.data.pipeline}: the training input pipeline (a fixed pool of
 *       augmented views, batches rendered on a background thread);
 *   <li>{@link io.kdas.runtime.data.fetch}: downloading and verifying the public releases.
 * </ul>
 *
 * <p>Pixels stay uint8 in memory and become floats in [0, 1] only in a batch; per-channel
 * normalization is left to the network, with {@link io.kdas.runtime.data.ChannelStats}, so that an
 * exported model applies it too.
 */
package io.kdas.runtime.data;
