package io.kdas.runtime.search;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kdas.api.search.SearchStrategy;
import io.kdas.proto.SearchState;
import io.kdas.runtime.train.Durable;
import io.kdas.runtime.train.TrainingCheckpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a search keeps its state so that a killed run continues it exactly: for independent
 * children, {@code state.bin} after every proposal handled (the strategy's own {@link
 * SearchStrategy#saveState}, every trial, the loop's counters); for shared weights, a {@link
 * TrainingCheckpoints} of the shared model after every epoch with that state beside it.
 */
public final class SearchCheckpoint {

  private final Path dir;

  /** The checkpoints of the search in {@code dir} (a run's {@code checkpoints/search}). */
  public SearchCheckpoint(Path dir) {
    this.dir = dir;
  }

  /** The independent search's state after its latest handled proposal, or null. */
  SearchState latest() {
    Path file = dir.resolve("state.bin");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the search state " + file, e);
    }
  }

  /** Replaces the independent search's state, atomically. */
  void save(SearchState state) {
    Durable.write(dir.resolve("state.bin"), state.toByteArray());
  }

  /** The shared model's epoch checkpoints (each with a {@link SearchState} beside). */
  TrainingCheckpoints shared() {
    return new TrainingCheckpoints(dir.resolve("shared"));
  }

  /** The state of a search between two steps. */
  static SearchState state(SearchStrategy strategy, SearchLog log) {
    return SearchState.newBuilder().setStrategyState(ByteString.copyFrom(strategy.saveState()))
        .addAllEvents(log.events()).build();
  }

  static SearchState parse(byte[] bytes) {
    try {
      return SearchState.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the saved search state is unreadable: " + e.getMessage(),
          e);
    }
  }
}
