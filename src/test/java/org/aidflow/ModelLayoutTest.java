package org.aidflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagrams of processes/ as Camunda Modeler draws them, read from their diagram interchange (the bpmndi section):
 * a designer must be able to read a model before changing it. Each rule names the elements that break it, so that a
 * failure says what to move in the Modeler.
 */
class ModelLayoutTest {

  private static final Path PROCESSES = Path.of("processes");
  /** More crossings than this and the reader loses a flow at each one. */
  private static final int MAX_CROSSINGS = 2;
  /** Lines and shapes may touch (a flow docks on its shape's border); closer than this they overlap. */
  private static final double TOUCH = 1.0;

  static Stream<String> diagrams() throws IOException {
    try (Stream<Path> files = Files.list(PROCESSES)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpmn")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagrams")
  void everyFlowNodeAndSequenceFlowIsDrawn(String file) {
    Diagram diagram = Diagram.read(file);
    List<String> missing = new ArrayList<>();
    for (FlowNode node : diagram.model.getModelElementsByType(FlowNode.class)) {
      if (!diagram.shapes.containsKey(node.getId())) {
        missing.add("shape of " + node.getId());
      }
    }
    for (SequenceFlow flow : diagram.model.getModelElementsByType(SequenceFlow.class)) {
      if (diagram.edges.getOrDefault(flow.getId(), List.of()).size() < 2) {
        missing.add("edge of " + flow.getId());
      }
    }
    assertThat(missing).as("%s: elements without diagram interchange", file).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagrams")
  void noTwoBoundaryEventsOfATaskOverlap(String file) {
    assertThat(Diagram.read(file).overlappingBoundaryEvents())
        .as("%s: boundary events drawn over each other", file).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagrams")
  void everyNamedEventGatewayAndFlowHasAStoredLabelPosition(String file) {
    assertThat(Diagram.read(file).labelsWithoutPosition())
        .as("%s: names whose label position the Modeler would have to guess (BPMNLabel with dc:Bounds)", file)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagrams")
  void noSequenceFlowPassesThroughAShapeItDoesNotConnect(String file) {
    assertThat(Diagram.read(file).flowsThroughShapes()).as("%s: flows drawn through other shapes", file).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagrams")
  void labelsAreClearOfLinesShapesAndEachOther(String file) {
    assertThat(Diagram.read(file).coveredLabels()).as("%s: labels under a line, a shape or another label", file)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagrams")
  void atMostTwoFlowsCrossAndNoTwoUnrelatedFlowsShareALine(String file) {
    Diagram diagram = Diagram.read(file);
    assertThat(diagram.crossings()).as("%s: crossing flows (at most %d allowed)", file, MAX_CROSSINGS)
        .hasSizeLessThanOrEqualTo(MAX_CROSSINGS);
    assertThat(diagram.sharedLines()).as("%s: flows drawn on top of each other", file).isEmpty();
  }

  /** The diagram interchange of one model: shapes and label boxes by element id, edges as lists of points. */
  private static final class Diagram {
    final BpmnModelInstance model;
    final Map<String, Rect> shapes = new HashMap<>();
    final Map<String, Rect> labels = new HashMap<>();
    final Map<String, List<Point>> edges = new HashMap<>();

    private Diagram(BpmnModelInstance model) {
      this.model = model;
      for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
        String id = shape.getBpmnElement().getId();
        shapes.put(id, Rect.of(shape.getBounds()));
        if (shape.getBpmnLabel() != null && shape.getBpmnLabel().getBounds() != null) {
          labels.put(id, Rect.of(shape.getBpmnLabel().getBounds()));
        }
      }
      for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
        String id = edge.getBpmnElement().getId();
        List<Point> points = new ArrayList<>();
        for (Waypoint waypoint : edge.getWaypoints()) {
          points.add(new Point(waypoint.getX(), waypoint.getY()));
        }
        edges.put(id, points);
        if (edge.getBpmnLabel() != null && edge.getBpmnLabel().getBounds() != null) {
          labels.put(id, Rect.of(edge.getBpmnLabel().getBounds()));
        }
      }
    }

    static Diagram read(String file) {
      return new Diagram(Bpmn.readModelFromFile(PROCESSES.resolve(file).toFile()));
    }

    List<String> overlappingBoundaryEvents() {
      Map<String, List<BoundaryEvent>> byTask = new HashMap<>();
      for (BoundaryEvent event : model.getModelElementsByType(BoundaryEvent.class)) {
        byTask.computeIfAbsent(event.getAttachedTo().getId(), k -> new ArrayList<>()).add(event);
      }
      List<String> overlaps = new ArrayList<>();
      for (List<BoundaryEvent> events : byTask.values()) {
        for (int i = 0; i < events.size(); i++) {
          for (int j = i + 1; j < events.size(); j++) {
            Rect a = shapes.get(events.get(i).getId());
            Rect b = shapes.get(events.get(j).getId());
            if (a != null && b != null && a.overlaps(b, 0)) {
              overlaps.add(events.get(i).getId() + " / " + events.get(j).getId());
            }
          }
        }
      }
      return overlaps;
    }

    List<String> labelsWithoutPosition() {
      List<String> missing = new ArrayList<>();
      for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
        boolean labelled = element instanceof Event || element instanceof Gateway || element instanceof SequenceFlow;
        if (labelled && named(element) && !labels.containsKey(element.getId())) {
          missing.add(element.getId() + " \"" + element.getName() + "\"");
        }
      }
      return missing;
    }

    List<String> flowsThroughShapes() {
      List<String> through = new ArrayList<>();
      for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
        Set<String> own = ends(flow);
        for (Map.Entry<String, Rect> shape : shapes.entrySet()) {
          if (own.contains(shape.getKey()) || contains(shape.getKey(), flow)) {
            continue;
          }
          if (crossesInterior(edges.getOrDefault(flow.getId(), List.of()), shape.getValue())) {
            through.add(flow.getId() + " through " + shape.getKey());
          }
        }
      }
      return through;
    }

    List<String> coveredLabels() {
      List<String> covered = new ArrayList<>();
      List<String> ids = new ArrayList<>(labels.keySet());
      ids.sort(null);
      for (String id : ids) {
        Rect label = labels.get(id);
        for (Map.Entry<String, List<Point>> edge : edges.entrySet()) {
          if (!edge.getKey().equals(id) && crossesInterior(edge.getValue(), label)) {
            covered.add(id + " under flow " + edge.getKey());
          }
        }
        for (Map.Entry<String, Rect> shape : shapes.entrySet()) {
          if (!shape.getKey().equals(id) && !(element(shape.getKey()) instanceof SubProcess)
              && label.overlaps(shape.getValue(), TOUCH)) {
            covered.add(id + " under shape " + shape.getKey());
          }
        }
        for (String other : ids) {
          if (id.compareTo(other) < 0 && label.overlaps(labels.get(other), TOUCH)) {
            covered.add(id + " over label " + other);
          }
        }
      }
      return covered;
    }

    List<String> crossings() {
      List<String> crossings = new ArrayList<>();
      List<String> ids = new ArrayList<>(edges.keySet());
      ids.sort(null);
      for (int i = 0; i < ids.size(); i++) {
        for (int j = i + 1; j < ids.size(); j++) {
          for (Segment a : segments(edges.get(ids.get(i)))) {
            for (Segment b : segments(edges.get(ids.get(j)))) {
              if (a.crosses(b)) {
                crossings.add(ids.get(i) + " x " + ids.get(j));
              }
            }
          }
        }
      }
      return crossings;
    }

    /** Flows that run along the same line although they neither leave the same node nor enter the same one. */
    List<String> sharedLines() {
      List<String> shared = new ArrayList<>();
      List<SequenceFlow> flows = new ArrayList<>(model.getModelElementsByType(SequenceFlow.class));
      flows.sort((a, b) -> a.getId().compareTo(b.getId()));
      for (int i = 0; i < flows.size(); i++) {
        for (int j = i + 1; j < flows.size(); j++) {
          SequenceFlow a = flows.get(i);
          SequenceFlow b = flows.get(j);
          if (a.getSource() == b.getSource() || a.getTarget() == b.getTarget()) {
            continue;
          }
          for (Segment s : segments(edges.getOrDefault(a.getId(), List.of()))) {
            for (Segment t : segments(edges.getOrDefault(b.getId(), List.of()))) {
              if (s.overlapsAlong(t)) {
                shared.add(a.getId() + " / " + b.getId());
              }
            }
          }
        }
      }
      return shared;
    }

    /** The shapes a flow may touch: its source and target and, for a boundary event, the activity it sits on. */
    private Set<String> ends(SequenceFlow flow) {
      Set<String> own = new HashSet<>();
      for (FlowNode node : List.of(flow.getSource(), flow.getTarget())) {
        own.add(node.getId());
        if (node instanceof BoundaryEvent boundary) {
          own.add(boundary.getAttachedTo().getId());
        }
      }
      return own;
    }

    /** A flow inside an expanded subprocess passes through the subprocess's shape by design. */
    private boolean contains(String id, SequenceFlow flow) {
      return element(id) instanceof SubProcess subProcess && subProcess.getFlowElements().contains(flow);
    }

    private BaseElement element(String id) {
      ModelElementInstance element = model.getModelElementById(id);
      return element instanceof BaseElement base ? base : null;
    }

    private static boolean named(FlowElement element) {
      return element.getName() != null && !element.getName().isBlank();
    }

    private static boolean crossesInterior(List<Point> points, Rect rect) {
      Rect inner = rect.shrunk(TOUCH);
      for (Segment segment : segments(points)) {
        if (segment.intersects(inner)) {
          return true;
        }
      }
      return false;
    }

    private static List<Segment> segments(List<Point> points) {
      List<Segment> segments = new ArrayList<>();
      for (int i = 1; i < points.size(); i++) {
        segments.add(new Segment(points.get(i - 1), points.get(i)));
      }
      return segments;
    }
  }

  private record Point(double x, double y) {
  }

  private record Rect(double x, double y, double width, double height) {
    static Rect of(Bounds bounds) {
      return new Rect(bounds.getX(), bounds.getY(), bounds.getWidth(), bounds.getHeight());
    }

    Rect shrunk(double by) {
      return new Rect(x + by, y + by, Math.max(0, width - 2 * by), Math.max(0, height - 2 * by));
    }

    boolean overlaps(Rect other, double tolerance) {
      return x + width - tolerance > other.x && other.x + other.width - tolerance > x
          && y + height - tolerance > other.y && other.y + other.height - tolerance > y;
    }

    boolean contains(Point p) {
      return p.x > x && p.x < x + width && p.y > y && p.y < y + height;
    }
  }

  private record Segment(Point a, Point b) {
    /** Whether the segment has a point strictly inside the rectangle (Liang–Barsky clipping). */
    boolean intersects(Rect r) {
      if (r.width <= 0 || r.height <= 0) {
        return false;
      }
      double dx = b.x - a.x;
      double dy = b.y - a.y;
      double t0 = 0;
      double t1 = 1;
      double[] p = {-dx, dx, -dy, dy};
      double[] q = {a.x - r.x, r.x + r.width - a.x, a.y - r.y, r.y + r.height - a.y};
      for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
          if (q[i] <= 0) {
            return false;
          }
        } else {
          double t = q[i] / p[i];
          if (p[i] < 0) {
            t0 = Math.max(t0, t);
          } else {
            t1 = Math.min(t1, t);
          }
        }
      }
      if (t0 >= t1) {
        return false;
      }
      double tm = (t0 + t1) / 2;
      return r.contains(new Point(a.x + tm * dx, a.y + tm * dy));
    }

    /** A proper crossing: each segment has the other's ends strictly on opposite sides. */
    boolean crosses(Segment o) {
      return side(a, b, o.a) * side(a, b, o.b) < 0 && side(o.a, o.b, a) * side(o.a, o.b, b) < 0;
    }

    /** Both on one line and sharing a stretch longer than a few pixels. */
    boolean overlapsAlong(Segment o) {
      if (side(a, b, o.a) != 0 || side(a, b, o.b) != 0) {
        return false;
      }
      boolean horizontal = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
      double s0 = horizontal ? Math.min(a.x, b.x) : Math.min(a.y, b.y);
      double s1 = horizontal ? Math.max(a.x, b.x) : Math.max(a.y, b.y);
      double t0 = horizontal ? Math.min(o.a.x, o.b.x) : Math.min(o.a.y, o.b.y);
      double t1 = horizontal ? Math.max(o.a.x, o.b.x) : Math.max(o.a.y, o.b.y);
      return Math.min(s1, t1) - Math.max(s0, t0) > 5;
    }

    private static int side(Point p, Point q, Point r) {
      double cross = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
      return Math.abs(cross) < 1e-6 ? 0 : (cross > 0 ? 1 : -1);
    }
  }
}
