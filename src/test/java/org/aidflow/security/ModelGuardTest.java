package org.aidflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.aidflow.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Models are reviewed code: the engine (the process-test engine, with the same guard and the real beans) refuses
 * every model that would run unreviewed code, naming the element and the expression, and deploys nothing of it;
 * the shipped models, decisions and forms, and a designer's ordinary model, deploy.
 */
class ModelGuardTest {

  private static final ProcessTestEngine ENGINE = new ProcessTestEngine();

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ENGINE.extension();

  /** A hostile model, the element the refusal must name, and a piece of the expression it must quote. */
  private record Hostile(String title, String resource, String model, String element, String quoted) {
    /** The same model, whose refusal names another element (a flow or a definition beside the step). */
    Hostile withElement(String other) {
      return new Hostile(title, resource, model, other, quoted);
    }
  }

  private static Hostile bpmn(String title, String element, String quoted, String step) {
    return bpmn(title, element, quoted, step, "", "");
  }

  /** A process start → step → end; the step's id is the element's id unless the step says otherwise. */
  private static Hostile bpmn(String title, String element, String quoted, String step, String moreOfTheProcess,
      String definitionsLevel) {
    String stepId = step.replaceAll("(?s)^\\s*<[^ ]+ id=\"([^\"]+)\".*", "$1");
    String model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="hostile">
          %s
          <process id="hostile" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="start"/>
            <sequenceFlow id="toStep" sourceRef="start" targetRef="%s"/>
            %s
            <sequenceFlow id="toEnd" sourceRef="%s" targetRef="end"/>
            <endEvent id="end"/>
            %s
          </process>
        </definitions>
        """.formatted(definitionsLevel, stepId, step, stepId, moreOfTheProcess);
    return new Hostile(title, "hostile.bpmn", model, element, quoted);
  }

  private static Hostile dmn(String title, String element, String quoted, String definitionsLanguage,
      String inputLanguage, String inputText, String outputLanguage) {
    String model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="hostileDecisions" name="hostile"
            namespace="hostile" %s>
          <decision id="hostileDecision" name="hostile">
            <decisionTable id="hostileTable">
              <input id="input1"><inputExpression id="inputExpression1" typeRef="string" %s>
                <text>%s</text></inputExpression></input>
              <output id="output1" name="result" typeRef="string"/>
              <rule id="rule1"><inputEntry id="inputEntry1"><text>-</text></inputEntry>
                <outputEntry id="outputEntry1" %s><text>"x"</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """.formatted(definitionsLanguage, inputLanguage, inputText, outputLanguage);
    return new Hostile(title, "hostile.dmn", model, element, quoted);
  }

  private static final String IDENTITY_ATTACK = "${execution.getProcessEngineServices().getIdentityService()"
      + ".createMembership('designer', 'admins')}";

  static List<Hostile> hostileModels() {
    return List.of(
        bpmn("script task", "runScript", "scriptTask", """
            <scriptTask id="runScript" scriptFormat="javascript"><script>java.lang.Runtime.getRuntime()</script>
            </scriptTask>"""),
        bpmn("script execution listener on a task", "listenedTask", "script", """
            <userTask id="listenedTask" camunda:candidateGroups="designers"><extensionElements>
              <camunda:executionListener event="start"><camunda:script scriptFormat="groovy">1</camunda:script>
              </camunda:executionListener></extensionElements></userTask>"""),
        bpmn("script listener on a sequence flow", "scriptedFlow", "script", """
            <userTask id="plainTask" camunda:candidateGroups="designers"/>""", """
            <sequenceFlow id="scriptedFlow" sourceRef="start" targetRef="end"><extensionElements>
              <camunda:executionListener event="take"><camunda:script scriptFormat="javascript">1</camunda:script>
              </camunda:executionListener></extensionElements></sequenceFlow>""", ""),
        bpmn("camunda:class on a service task", "classTask", "org.camunda.bpm.engine.impl.util.ReflectUtil", """
            <serviceTask id="classTask" camunda:class="org.camunda.bpm.engine.impl.util.ReflectUtil"/>"""),
        bpmn("listener class on the start of a sub-process", "nestedStart", "com.example.Evil", """
            <subProcess id="outer"><startEvent id="nestedStart"><extensionElements>
              <camunda:executionListener event="start" class="com.example.Evil"/></extensionElements></startEvent>
              <sequenceFlow id="nestedFlow" sourceRef="nestedStart" targetRef="nestedEnd"/>
              <endEvent id="nestedEnd"/></subProcess>"""),
        bpmn("camunda:class on a message end event", "sendWithClass", "com.example.Sender", """
            <intermediateThrowEvent id="sendWithClass">
              <messageEventDefinition camunda:class="com.example.Sender"/></intermediateThrowEvent>"""),
        bpmn("the issue's attack: a service task joining admins", "joinAdmins", "getProcessEngineServices", """
            <serviceTask id="joinAdmins" camunda:expression="%s"/>""".formatted(IDENTITY_ATTACK)),
        bpmn("a condition on a sequence flow reaching the identity service", "choose", "getIdentityService", """
            <exclusiveGateway id="choose" default="toEnd"/>""", """
            <sequenceFlow id="evilCondition" sourceRef="choose" targetRef="end">
              <conditionExpression xsi:type="tFormalExpression">%s</conditionExpression></sequenceFlow>"""
            .formatted(IDENTITY_ATTACK.replace("}", " == null}")), "")
            .withElement("evilCondition"),
        bpmn("a timer boundary event's duration reading the engine", "slowTimer", "processEngine", """
            <userTask id="waiting" camunda:candidateGroups="designers"/>""", """
            <boundaryEvent id="slowTimer" attachedToRef="waiting"><timerEventDefinition>
              <timeDuration xsi:type="tFormalExpression">${execution.processEngine.name}</timeDuration>
            </timerEventDefinition></boundaryEvent>""", ""),
        bpmn("a timer cycle in an event sub-process nested in a sub-process", "cycleStart", "getClass", """
            <subProcess id="outerScope"><startEvent id="innerStart"/>
              <sequenceFlow id="innerFlow" sourceRef="innerStart" targetRef="innerTask"/>
              <userTask id="innerTask" camunda:candidateGroups="designers"/>
              <sequenceFlow id="innerFlow2" sourceRef="innerTask" targetRef="innerEnd"/><endEvent id="innerEnd"/>
              <subProcess id="eventScope" triggeredByEvent="true">
                <startEvent id="cycleStart" isInterrupting="false"><timerEventDefinition>
                  <timeCycle xsi:type="tFormalExpression">${caseNumber.getClass().getName()}</timeCycle>
                </timerEventDefinition></startEvent>
                <sequenceFlow id="cycleFlow" sourceRef="cycleStart" targetRef="cycleEnd"/><endEvent id="cycleEnd"/>
              </subProcess></subProcess>"""),
        bpmn("a multi-instance collection from the runtime service", "everyone", "getRuntimeService", """
            <userTask id="everyone" camunda:candidateGroups="designers">
              <multiInstanceLoopCharacteristics camunda:elementVariable="x"
                camunda:collection="${execution.getProcessEngineServices().getRuntimeService()}"/></userTask>"""),
        bpmn("a loop cardinality calling a delegate bean", "manyTimes", "closeCaseDelegate", """
            <userTask id="manyTimes" camunda:candidateGroups="designers"><multiInstanceLoopCharacteristics>
              <loopCardinality xsi:type="tFormalExpression">${closeCaseDelegate.hashCode()}</loopCardinality>
            </multiInstanceLoopCharacteristics></userTask>"""),
        bpmn("a completion condition calling a setter of a @ModelFunctions bean", "untilChanged",
            "setMaxReassessments", """
            <userTask id="untilChanged" camunda:candidateGroups="designers"><multiInstanceLoopCharacteristics>
              <loopCardinality xsi:type="tFormalExpression">2</loopCardinality>
              <completionCondition xsi:type="tFormalExpression">${policySettings.setMaxReassessments(99) == null}
              </completionCondition></multiInstanceLoopCharacteristics></userTask>"""),
        bpmn("an input mapping nested in a list and a map", "mappedInputs", "processEngineServices", """
            <userTask id="mappedInputs" camunda:candidateGroups="designers"><extensionElements><camunda:inputOutput>
              <camunda:inputParameter name="nested"><camunda:list><camunda:value>plain</camunda:value>
                <camunda:map><camunda:entry key="k">${execution.processEngineServices}</camunda:entry></camunda:map>
              </camunda:list></camunda:inputParameter></camunda:inputOutput></extensionElements></userTask>"""),
        bpmn("an output mapping reading a class", "mappedOutputs", "class", """
            <userTask id="mappedOutputs" camunda:candidateGroups="designers"><extensionElements><camunda:inputOutput>
              <camunda:outputParameter name="loader">${org['class']}</camunda:outputParameter>
            </camunda:inputOutput></extensionElements></userTask>"""),
        bpmn("a called element computed by a bean", "callOut", "registerCaseDelegate", """
            <callActivity id="callOut" calledElement="${registerCaseDelegate.toString()}"/>"""),
        bpmn("a call activity's in-mapping reaching the engine", "callMapped", "getProcessEngine", """
            <callActivity id="callMapped" calledElement="referral"><extensionElements>
              <camunda:in sourceExpression="${execution.getProcessEngine()}" target="engine"/>
            </extensionElements></callActivity>"""),
        bpmn("candidate groups from the identity service", "groupsTask", "identityService", """
            <userTask id="groupsTask" camunda:candidateGroups="${execution.processEngineServices.identityService}"/>
            """),
        bpmn("a due date through reflection", "dueTask", "classLoader", """
            <userTask id="dueTask" camunda:candidateGroups="designers" camunda:dueDate="${org.classLoader}"/>"""),
        bpmn("an expression task listener writing a variable", "listenerTask", "setVariable", """
            <userTask id="listenerTask" camunda:candidateGroups="designers"><extensionElements>
              <camunda:taskListener event="create" expression="${task.setVariable('org', 'union')}"/>
            </extensionElements></userTask>"""),
        bpmn("an expression listener on a sequence flow", "listenedFlow", "setVariable", """
            <userTask id="someTask" camunda:candidateGroups="designers"/>""", """
            <sequenceFlow id="listenedFlow" sourceRef="start" targetRef="end"><extensionElements>
              <camunda:executionListener event="take" expression="${execution.setVariable('referralId', 1)}"/>
            </extensionElements></sequenceFlow>""", ""),
        bpmn("a delegate expression naming a bean that is no delegate", "notADelegate", "policySettings", """
            <serviceTask id="notADelegate" camunda:delegateExpression="${policySettings}"/>"""),
        bpmn("a delegate expression that calls", "callingDelegate", "identityService", """
            <serviceTask id="callingDelegate"
              camunda:delegateExpression="${execution.processEngineServices.identityService}"/>"""),
        bpmn("field injection of an engine object", "injected", "processEngineServices", """
            <serviceTask id="injected" camunda:delegateExpression="${recordDeclineDelegate}"><extensionElements>
              <camunda:field name="services"><camunda:expression>${execution.processEngineServices}</camunda:expression>
              </camunda:field></extensionElements></serviceTask>"""),
        bpmn("a connector", "connectorTask", "connector", """
            <serviceTask id="connectorTask"><extensionElements><camunda:connector>
              <camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></extensionElements>
            </serviceTask>"""),
        bpmn("a shell task", "shellTask", "shell", """
            <serviceTask id="shellTask" camunda:type="shell"><extensionElements>
              <camunda:field name="command" stringValue="id"/></extensionElements></serviceTask>"""),
        bpmn("a message name from a bean", "evilMessage", "closeCaseDelegate", """
            <receiveTask id="waitForMessage" messageRef="evilMessage"/>""", "",
            "<message id=\"evilMessage\" name=\"${closeCaseDelegate.execute(execution)}\"/>"),
        bpmn("a task name and priority calling a delegate", "namedTask", "notify", """
            <userTask id="namedTask" name="核实 ${caseNumber}" camunda:candidateGroups="designers"
              camunda:priority="${checkPlanListener.notify(task)}"/>"""),
        bpmn("an error code from the engine", "failing", "processEngine", """
            <userTask id="failing" camunda:candidateGroups="designers"/>""", """
            <boundaryEvent id="caught" attachedToRef="failing"><errorEventDefinition errorRef="evilError"/>
            </boundaryEvent>""", "<error id=\"evilError\" errorCode=\"${execution.processEngine}\"/>")
            .withElement("evilError"),
        bpmn("a decision reference from a bean", "decide", "closeCaseDelegate", """
            <businessRuleTask id="decide" camunda:decisionRef="${closeCaseDelegate.toString()}"
              camunda:resultVariable="r" camunda:mapDecisionResult="singleEntry"/>"""),
        bpmn("Spin's S() parsing a variable", "parseXml", "S(applicantXml)", """
            <userTask id="parseXml" camunda:candidateGroups="designers"
              camunda:assignee="${S(applicantXml).xPath('/a').element().textContent()}"/>"""),
        bpmn("a script condition", "scriptFlow", "groovy", """
            <exclusiveGateway id="gate" default="toEnd"/>""", """
            <sequenceFlow id="scriptFlow" sourceRef="gate" targetRef="end">
              <conditionExpression xsi:type="tFormalExpression" language="groovy">true</conditionExpression>
            </sequenceFlow>""", ""),
        bpmn("an embedded HTML form", "embeddedForm", "embedded:", """
            <userTask id="embeddedForm" camunda:candidateGroups="designers"
              camunda:formKey="embedded:deployment:evil.html"/>"""),
        bpmn("a form property written through an expression", "formProperties", "policySettings", """
            <userTask id="formProperties" camunda:candidateGroups="designers"><extensionElements>
              <camunda:formProperty id="lowLine" expression="${policySettings.maxReassessments}"/>
            </extensionElements></userTask>"""),
        bpmn("the Activiti namespace's class", "oldNamespace", "com.example.Evil", """
            <serviceTask id="oldNamespace" xmlns:activiti="http://activiti.org/bpmn"
              activiti:class="com.example.Evil"/>"""),
        dmn("a DMN input expression in JUEL", "inputExpression1", "identityService", "", "expressionLanguage=\"juel\"",
            "${identityService.createMembership('designer', 'admins')}", ""),
        dmn("a DMN output entry in JavaScript", "outputEntry1", "javascript", "", "", "x",
            "expressionLanguage=\"javascript\""),
        dmn("a DMN whose default language is Groovy", "hostileDecisions", "groovy", "expressionLanguage=\"groovy\"",
            "", "x", ""),
        new Hostile("a CMMN case (its listeners are unguarded Java)", "hostile.cmmn", """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" targetNamespace="hostile">
              <case id="hostileCase"><casePlanModel id="plan"/></case></definitions>""", "hostile.cmmn", "CMMN"));
  }

  @TestFactory
  Stream<DynamicTest> everyHostileModelIsRefusedNamingTheElementAndNothingIsDeployed() {
    List<Hostile> models = hostileModels();
    assertThat(models).hasSizeGreaterThanOrEqualTo(20);
    return models.stream().map(hostile -> DynamicTest.dynamicTest(hostile.title(), () -> {
      RepositoryService repository = engine().getRepositoryService();
      long deployments = repository.createDeploymentQuery().count();

      assertThatThrownBy(() -> repository.createDeployment().name(hostile.title())
          .addString(hostile.resource(), hostile.model()).deploy())
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("model refused")
          .hasMessageContaining("'" + hostile.element() + "'")
          .hasMessageContaining(hostile.quoted());
      assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
      assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("hostile").count()).isZero();
    }));
  }

  @Test
  void theShippedModelsDecisionsAndFormsDeployUnchanged() throws IOException {
    DeploymentBuilder deployment = engine().getRepositoryService().createDeployment().name("shipped");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("processes"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      deployment.addString(Path.of("processes").relativize(file).toString().replace('\\', '/'),
          Files.readString(file, StandardCharsets.UTF_8));
    }

    String id = deployment.deploy().getId();

    RepositoryService repository = engine().getRepositoryService();
    assertThat(repository.getDeploymentResourceNames(id)).hasSize(files.size())
        .anyMatch(name -> name.endsWith(".form")).anyMatch(name -> name.endsWith(".dmn"));
    assertThat(repository.createProcessDefinitionQuery().deploymentId(id).count())
        .isEqualTo(files.stream().filter(f -> f.toString().endsWith(".bpmn")).count());
    assertThat(repository.createDecisionDefinitionQuery().deploymentId(id).count())
        .isEqualTo(files.stream().filter(f -> f.toString().endsWith(".dmn")).count());
  }

  @Test
  void aDesignersOrdinaryModelDeploys() {
    String model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="ordinary">
          <process id="ordinary" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="start"/>
            <sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
            <userTask id="check" name="核实求助情况 · ${caseNumber}" camunda:candidateGroups="${org}-caseworkers"
                camunda:dueDate="${serviceLevels.dueAt('verification', execution)}"
                camunda:priority="${urgent ? 90 : 60}">
              <extensionElements>
                <camunda:taskListener event="complete" delegateExpression="${checkCorrectionsListener}"/>
                <camunda:inputOutput>
                  <camunda:inputParameter name="services">${referralServices[referralOrg]}</camunda:inputParameter>
                  <camunda:inputParameter name="household">${household.prop("org").value()}</camunda:inputParameter>
                </camunda:inputOutput>
              </extensionElements>
            </userTask>
            <sequenceFlow id="f2" sourceRef="check" targetRef="gate"/>
            <exclusiveGateway id="gate" default="f4"/>
            <sequenceFlow id="f3" sourceRef="gate" targetRef="close">
              <conditionExpression xsi:type="tFormalExpression">${not empty org and (round &gt;= 2 || \
        services.contains('rights-protection')) and execution.getVariable('consent') == true \
        and reassessments &lt; policySettings.maxReassessments}</conditionExpression>
            </sequenceFlow>
            <sequenceFlow id="f4" sourceRef="gate" targetRef="end"/>
            <serviceTask id="close" camunda:delegateExpression="${closeCaseDelegate}"/>
            <sequenceFlow id="f5" sourceRef="close" targetRef="end"/>
            <endEvent id="end"><extensionElements>
              <camunda:executionListener event="end" expression="${serviceLevels.priority(execution)}"/>
            </extensionElements></endEvent>
          </process>
        </definitions>
        """;

    String id = engine().getRepositoryService().createDeployment().addString("ordinary.bpmn", model).deploy()
        .getId();

    assertThat(engine().getRepositoryService().createProcessDefinitionQuery().deploymentId(id).singleResult()
        .getKey()).isEqualTo("ordinary");
  }

  @Test
  void onlyAnAdministratorDeletesADeploymentWithCascade() {
    String model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="waiting">
          <process id="waiting" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
            <userTask id="wait" camunda:candidateGroups="designers"/>
            <sequenceFlow id="f2" sourceRef="wait" targetRef="end"/><endEvent id="end"/>
          </process>
        </definitions>
        """;
    RepositoryService repository = engine().getRepositoryService();
    String deployment = repository.createDeployment().addString("waiting.bpmn", model).deploy().getId();
    String running = engine().getRuntimeService().startProcessInstanceByKey("waiting").getId();

    engine().getIdentityService().setAuthentication("designer", List.of("designers"));
    try {
      assertThatThrownBy(() -> repository.deleteDeployment(deployment, true))
          .isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class)
          .hasMessageContaining("only administrators may delete a deployment with cascade");
    } finally {
      engine().getIdentityService().clearAuthentication();
    }
    assertThat(engine().getRuntimeService().createProcessInstanceQuery().processInstanceId(running).count()).isOne();
    assertThat(engine().getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(running).count())
        .isOne();

    engine().getIdentityService().setAuthentication("admin", List.of("camunda-admin"));
    try {
      repository.deleteDeployment(deployment, true);
    } finally {
      engine().getIdentityService().clearAuthentication();
    }
    assertThat(repository.createDeploymentQuery().deploymentId(deployment).count()).isZero();
  }

  private static ProcessEngine engine() {
    return extension.getProcessEngine();
  }
}
