package org.aidflow.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.aidflow.shared.PostParseListeners;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.exception.NotValidException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Puts the {@link ModelGuard} into the engine: a BPMN parse listener and a deployer that check every new deployment
 * (models already deployed are not checked again when the engine reloads them, so cases in flight keep running), and
 * the {@link CascadeDeletionGuard}. The beans a model may name are those the engine's expressions resolve: the
 * engine's bean map where it has one (the process-test engine), otherwise the Spring context.
 */
@Component
public class ModelGuardPlugin extends AbstractProcessEnginePlugin {

  private final ApplicationContext context;
  private ProcessEngineConfigurationImpl configuration;

  /** For an engine whose expressions see only its bean map (the process-test engine). */
  public ModelGuardPlugin() {
    this(null);
  }

  @Autowired
  public ModelGuardPlugin(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
    PostParseListeners.add(configuration, new ParseListener());
    if (configuration.getCustomPreDeployers() == null) {
      configuration.setCustomPreDeployers(new ArrayList<>());
    }
    configuration.getCustomPreDeployers().add(new ResourceDeployer());
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(0, new CascadeDeletionGuard(configuration));
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  ModelGuard guard() {
    Map<Object, Object> beans = configuration.getBeans();
    ModelExpressions.Beans lookup;
    if (context != null && (beans == null || beans.isEmpty())) {
      // Spring's expression manager resolves every bean of the context unless the engine was given a bean map
      // (the engine later fills an empty default map in, which its expressions do not use)
      lookup = name -> context.containsBean(name) ? context.getType(name) : null;
    } else if (beans != null) {
      lookup = name -> beans.containsKey(name) ? beans.get(name).getClass() : null;
    } else {
      lookup = name -> null;
    }
    return new ModelGuard(lookup);
  }

  /** Models already deployed (reloaded into the cache, e.g. after a restart) are not judged again. */
  private static boolean isNewDeployment(String deploymentId) {
    CommandContext commandContext = Context.getCommandContext();
    if (deploymentId == null || commandContext == null) {
      return true;
    }
    DeploymentEntity deployment = commandContext.getDbEntityManager().getCachedEntity(DeploymentEntity.class,
        deploymentId);
    return deployment == null || deployment.isNew();
  }

  static String message(List<ModelGuard.Violation> violations) {
    return "模型被拒绝：含有未经审核的代码 / model refused, it contains code that was not reviewed:\n"
        + violations.stream().map(v -> "* " + v).collect(Collectors.joining("\n"));
  }

  /** Checks each BPMN model as the engine parsed it, before anything of it is deployed. */
  private final class ParseListener extends AbstractBpmnParseListener {
    @Override
    public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
      String deploymentId = processDefinitions.isEmpty() ? null : processDefinitions.get(0).getDeploymentId();
      if (!isNewDeployment(deploymentId)) {
        return;
      }
      List<ModelGuard.Violation> violations = guard().checkBpmn(rootElement);
      if (!violations.isEmpty()) {
        // the engine reports it as a parse error (REST: 400) naming the element
        throw new BpmnParseException(message(violations), find(rootElement, violations.get(0).elementId()));
      }
    }

    private Element find(Element element, String id) {
      if (id != null && id.equals(element.attribute("id"))) {
        return element;
      }
      for (Element child : element.elements()) {
        Element found = find(child, id);
        if (found != null) {
          return found;
        }
      }
      return id == null ? element : null;
    }
  }

  /** Checks the deployment's other resources: DMN, CMMN, scripts. */
  private final class ResourceDeployer implements Deployer {
    @Override
    public void deploy(DeploymentEntity deployment) {
      if (!deployment.isNew() || deployment.getResources() == null) {
        return;
      }
      DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
      List<ModelGuard.Violation> violations = new ArrayList<>();
      ModelGuard guard = guard();
      for (ResourceEntity resource : deployment.getResources().values()) {
        violations.addAll(guard.checkResource(resource.getName(), resource.getBytes(), dmn));
      }
      if (!violations.isEmpty()) {
        throw new NotValidException(message(violations));
      }
    }
  }
}
