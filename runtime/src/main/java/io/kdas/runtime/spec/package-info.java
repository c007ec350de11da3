/**
 * Reading and checking run specs: text-format parsing with positions, one validation pass whose
 * every error names the file, line, column, field and what is allowed, and the resolved spec with
 * every default written out.
 */
package io.kdas.runtime.spec;
