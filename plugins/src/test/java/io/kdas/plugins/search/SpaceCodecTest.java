package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.search.SearchSpace;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpaceCodecTest {

  private static final SearchSpace SMALL = new SearchSpace(2, List.of("a", "b", "c"), 1);

  @Test
  void encodesDecisionsInControllerOrder() {
    SpaceCodec codec = new SpaceCodec(SyntheticObjective.PAPER_LIKE);
    Genome g = Genome.of(3, 1, 0, 0, 0, 1, 6, 1, 1);
    Architecture a = codec.encode(g);
    assertEquals(3, a.getLayerCount());
    assertEquals("sep-conv-3x3", a.getLayer(0).getOperation());
    assertEquals(List.of(true, false), a.getLayer(0).getConnectionList());
    assertEquals("identity", a.getLayer(1).getOperation());
    assertEquals(List.of(false, true), a.getLayer(1).getConnectionList());
    assertEquals("avg-pool-3x3", a.getLayer(2).getOperation());
    assertEquals(g, codec.decode(a));
  }

  @Test
  void indexIsABijectionOntoTheSpace() {
    SpaceCodec codec = new SpaceCodec(SMALL);
    assertEquals(36, codec.size());
    Set<Genome> seen = new HashSet<>();
    for (long i = 0; i < codec.size(); i++) {
      Genome g = codec.genome(i);
      assertEquals(i, codec.index(g));
      assertEquals(g, codec.decode(codec.encode(g)));
      seen.add(g);
    }
    assertEquals(36, seen.size());
  }

  @Test
  void rejectsArchitecturesOutsideTheSpace() {
    SpaceCodec codec = new SpaceCodec(SMALL);
    Architecture ok = codec.encode(Genome.of(0, 1, 2, 0));
    assertThrows(IllegalArgumentException.class,
        () -> codec.decode(ok.toBuilder().addLayer(ok.getLayer(0)).build()));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> codec.decode(ok.toBuilder().setLayer(1, AddOnLayer.newBuilder()
            .setOperation("conv-7x7").addConnection(true)).build()));
    assertTrue(unknown.getMessage().contains("conv-7x7"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> codec.decode(ok.toBuilder().setLayer(0, ok.getLayer(0).toBuilder()
            .addConnection(false)).build()));
    assertThrows(IllegalArgumentException.class,
        () -> new SpaceCodec(new SearchSpace(1, List.of("a", "a"), 0)));
  }

  @Test
  void mutationChangesExactlyOneDecisionChosenUniformly() {
    SpaceCodec codec = new SpaceCodec(SyntheticObjective.PAPER_LIKE);
    SplitMix64 rng = new SplitMix64(17);
    Genome parent = codec.random(rng);
    int[] changedAt = new int[codec.positions()];
    int[][] newOp = new int[codec.positions()][7];
    int n = 90_000;
    for (int i = 0; i < n; i++) {
      Genome child = codec.mutate(parent, rng);
      int changed = -1;
      for (int p = 0; p < codec.positions(); p++) {
        if (child.get(p) != parent.get(p)) {
          assertEquals(-1, changed, "more than one decision changed");
          changed = p;
        }
      }
      assertTrue(changed >= 0, "no decision changed");
      changedAt[changed]++;
      newOp[changed][child.get(changed)]++;
    }
    for (int p = 0; p < codec.positions(); p++) {
      assertEquals(1.0 / 9, changedAt[p] / (double) n, 0.006, "share of mutations at " + p);
      if (codec.slot(p) == 0) {
        assertEquals(0, newOp[p][parent.get(p)], "an operation mutates to a different one");
        for (int op = 0; op < 7; op++) {
          if (op != parent.get(p)) {
            assertEquals(1.0 / 6, newOp[p][op] / (double) changedAt[p], 0.03);
          }
        }
      }
    }
  }

  @Test
  void mutationWithOneOperationFlipsABitAndAPointSpaceStaysPut() {
    SpaceCodec codec = new SpaceCodec(new SearchSpace(2, List.of("only"), 2));
    SplitMix64 rng = new SplitMix64(1);
    Genome parent = codec.random(rng);
    for (int i = 0; i < 50; i++) {
      Genome child = codec.mutate(parent, rng);
      assertNotEquals(parent, child);
      assertEquals(0, child.get(0));
      assertEquals(0, child.get(3));
    }
    SpaceCodec point = new SpaceCodec(new SearchSpace(3, List.of("only"), 0));
    Genome g = point.random(rng);
    assertSame(g, point.mutate(g, rng));
  }
}
