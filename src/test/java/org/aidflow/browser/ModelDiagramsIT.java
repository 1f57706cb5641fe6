package org.aidflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.aidflow.annualreview.AnnualReviewModel;
import org.aidflow.servicelevel.EscalationModel;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.shared.ReferralModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each model as a process designer sees it in Cockpit (bpmn-js, the renderer of Camunda Modeler): every flow node of
 * the deployed model is drawn. With {@code -Dscreenshots.update=true} the diagrams are saved as the pictures README
 * shows (docs/screenshots/model-*.png):
 * {@code mvn verify -Dit.test=ModelDiagramsIT -Dscreenshots.update=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ModelDiagramsIT extends ApplicationTest {

  @RegisterExtension
  static final Browser browser = new Browser();

  /** Wide enough that Cockpit fits the widest model (aid-case, about 3,900 px) at nearly its own size. */
  private static final Dimension WINDOW = new Dimension(3600, 1900);

  @LocalServerPort int port;
  @Autowired RepositoryService repositoryService;

  @Test
  void cockpitDrawsEveryFlowNodeOfEachModel() {
    browser.at("http://localhost:" + port);
    browser.logIn("cockpit", "designer");
    browser.driver().manage().window().setSize(WINDOW);
    for (String key : List.of(AidCaseModel.PROCESS_KEY, ReferralModel.PROCESS_KEY, EscalationModel.PROCESS_KEY,
        AnnualReviewModel.PROCESS_KEY)) {
      ProcessDefinition definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(key)
          .latestVersion().singleResult();
      BpmnModelInstance model = repositoryService.getBpmnModelInstance(definition.getId());
      browser.driver().get("http://localhost:" + port + "/camunda/app/cockpit/default/#/process-definition/"
          + definition.getId() + "/runtime");
      // Cockpit changes the route without reloading the page: wait for this model's own start, not any diagram
      String start = model.getModelElementsByType(StartEvent.class).iterator().next().getId();
      WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(60), Duration.ofMillis(100));
      wait.ignoring(StaleElementReferenceException.class);
      wait.until(d -> !d.findElements(By.cssSelector("g.djs-shape[data-element-id='" + start + "']")).isEmpty());
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        By shape = By.cssSelector("g.djs-shape[data-element-id='" + node.getId() + "']");
        assertThat(browser.driver().findElements(shape)).as("%s: %s drawn", key, node.getId()).hasSize(1);
      }
      // the README's picture of the model, only when the screenshots are being updated (ReadmeScreenshots)
      if (ReadmeScreenshots.updating()) {
        sleepUntilCockpitHasFitTheDiagram();
        ReadmeScreenshots.capture("model-" + definition.getResourceName().replaceAll("^.*/|\\.bpmn$", ""),
            diagramOnly(start));
      }
    }
  }

  /** The page's screenshot cut to the drawn diagram (Cockpit leaves much of its canvas empty), with a margin. */
  private static byte[] diagramOnly(String elementId) {
    Map<?, ?> box = (Map<?, ?>) ((JavascriptExecutor) browser.driver()).executeScript(
        "const r = document.querySelector(\"g.djs-shape[data-element-id='\" + arguments[0] + \"']\")"
            + ".closest('svg').querySelector('g.viewport').getBoundingClientRect();"
            + "return {x: r.x, y: r.y, width: r.width, height: r.height};", elementId);
    try {
      BufferedImage page = ImageIO.read(new ByteArrayInputStream(browser.screenshot()));
      int margin = 20;
      int x = Math.max(0, ((Number) box.get("x")).intValue() - margin);
      int y = Math.max(0, ((Number) box.get("y")).intValue() - margin);
      int width = Math.min(page.getWidth() - x, ((Number) box.get("width")).intValue() + 2 * margin);
      int height = Math.min(page.getHeight() - y, ((Number) box.get("height")).intValue() + 2 * margin);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(page.getSubimage(x, y, width, height), "png", png);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleepUntilCockpitHasFitTheDiagram() {
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
