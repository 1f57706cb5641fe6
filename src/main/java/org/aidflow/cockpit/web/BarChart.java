package org.aidflow.cockpit.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A horizontal bar chart's geometry for the templates (server-rendered SVG, no script): one bar per key, the longest
 * bar for the largest count. The template only prints what is computed here.
 */
public record BarChart(String dimension, int width, int height, List<Bar> bars) {

  static final int WIDTH = 640;
  static final int LABEL_WIDTH = 150;
  static final int ROW_HEIGHT = 22;
  /** Room right of the longest bar for its count. */
  static final int VALUE_ROOM = 60;

  /** One bar: its key (data-key), label as people read it, count, and where it is drawn. */
  public record Bar(String key, String label, long count, int y, long width, int textY, long valueX) {
  }

  /** The chart of some counts; {@code names} gives each key's label. */
  static BarChart of(String dimension, Map<String, Long> counts, UnaryOperator<String> names) {
    List<Bar> bars = new ArrayList<>();
    if (counts != null) {
      long max = Math.max(1, counts.values().stream().mapToLong(Long::longValue).max().orElse(1));
      int y = 0;
      for (Map.Entry<String, Long> entry : counts.entrySet()) {
        long width = Math.round((WIDTH - LABEL_WIDTH - VALUE_ROOM) * (double) entry.getValue() / max);
        bars.add(new Bar(entry.getKey(), names.apply(entry.getKey()), entry.getValue(), y + 3, width, y + 15,
            LABEL_WIDTH + width + 6));
        y += ROW_HEIGHT;
      }
    }
    return new BarChart(dimension, WIDTH, bars.size() * ROW_HEIGHT + 4, bars);
  }

  public boolean empty() {
    return bars.isEmpty();
  }

  public int labelWidth() {
    return LABEL_WIDTH;
  }
}
