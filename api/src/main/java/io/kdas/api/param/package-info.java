/**
 * Declared plugin parameters. A plugin declares a {@link io.kdas.api.param.ParameterSchema}; the
 * run spec gives values as strings ({@code params { key: "temperature" value: "4" }}); the
 * registry checks them against the schema when the spec is validated, before anything runs, and
 * hands the plugin typed {@link io.kdas.api.param.PluginParameters} with defaults filled in. The
 * resolved spec of a run records every value, defaults included; {@code kdas plugins} lists each
 * parameter with its default, what is allowed and its description.
 */
package io.kdas.api.param;
