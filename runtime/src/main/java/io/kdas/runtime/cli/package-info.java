/** The {@code kdas} command line: the only place that prints to the terminal and exits. */
package io.kdas.runtime.cli;
