package io.kdas.plugins.op;

import io.kdas.api.Spi;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.ParameterSchema;

/**
 * What every built-in operation's descriptor has in common: a name, a description, version 1.0,
 * the SPI version compiled in, and no parameters. Each subclass is a public class with a
 * no-argument constructor (ServiceLoader needs both) and builds its operation in {@code create}.
 */
abstract class BuiltInOperationPlugin implements CandidateOperationPlugin {

  private final String name;
  private final String description;

  BuiltInOperationPlugin(String name, String description) {
    this.name = name;
    this.description = description;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String version() {
    return "1.0";
  }

  @Override
  public final int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final ParameterSchema parameters() {
    return ParameterSchema.empty();
  }
}
