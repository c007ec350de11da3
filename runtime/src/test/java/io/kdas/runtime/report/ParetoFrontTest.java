package io.kdas.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

  @Test
  void spreadKeepsBothEndsAndPicksEvenly() {
    List<Integer> front = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertEquals(List.of(0, 4, 8), ParetoFront.spread(front, 3));
    assertEquals(List.of(0, 8), ParetoFront.spread(front, 2));
    assertEquals(List.of(4), ParetoFront.spread(front, 1));
    assertEquals(front, ParetoFront.spread(front, 20), "a short front is taken whole");
  }
}
