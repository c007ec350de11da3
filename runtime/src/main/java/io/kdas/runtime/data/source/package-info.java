/**
 * The data sources a spec can name, behind {@link io.kdas.runtime.data.source.DataSource}: the
 * CIFAR-10 and CIFAR-100 binary releases, TinyImageNet-200 from its folder or zip,
 * class-per-folder JPEG/PNG trees (also straight from a {@code .tar.gz}/{@code .tar} archive), and
 * a generated synthetic task. Each loads through its decoded-pixel cache and tells its size
 * cheaply for validation; images are decoded in parallel under {@link
 * io.kdas.runtime.data.ImageRules}.
 */
package io.kdas.runtime.data.source;
