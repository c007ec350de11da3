/**
 * Declared plugin parameters. A plugin declares a {@link io.kdas.api.param.ParameterSchema}; the run
 * spec gives values as strings ({@code params { key: "temperature" value: "4" }}); the registry
 * checks them against the schema and hands the plugin typed {@link
 * io.kdas.api.param.PluginParameters} with defaults filled in.
 */
package io.kdas.api.param;
