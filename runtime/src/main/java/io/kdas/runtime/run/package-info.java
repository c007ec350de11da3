/**
 * One {@code kdas run}: its directory, its stages (data, teachers, students, export), the
 * reports it writes, and the Dagger component that wires them for one resolved spec.
 */
package io.kdas.runtime.run;
