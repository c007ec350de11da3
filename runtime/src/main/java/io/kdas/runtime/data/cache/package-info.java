/**
 * Decoded-pixel caches: written atomically, stamped with a fingerprint of the source (its files'
 * paths, sizes and times; one stat each, so a valid cache answers a load without reading the
 * source), checksummed, and rebuilt when partial, stale or corrupt.
 */
package io.kdas.runtime.data.cache;
