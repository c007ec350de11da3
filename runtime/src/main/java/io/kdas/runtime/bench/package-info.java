/** Benchmarks run from the command line ({@code kdas bench}); their numbers go to docs. */
package io.kdas.runtime.bench;
