package org.aidflow.serviceorder;

import static org.aidflow.shared.ProcessVariables.*;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.organisation.CaseAccess;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.organisation.Providers;
import org.aidflow.project.Projects;
import org.aidflow.serviceorder.ServiceOrders.Order;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.ModelFunctions;
import org.aidflow.shared.ProcessVariables;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Starting and routing service orders (docs/service-orders.md), and who works an order's tasks, for the model's
 * expressions ({@code ${serviceOrderTeams.providerCaseworkers(execution)}}): the provider and the referring unit come
 * from {@code service_order}, never from a variable. A provider reads only the orders offered to it (a grant on the
 * order's process instance, taken back when the order moves on); the order's instance carries the masked identity
 * only, and the applicant's masked phone only with their consent to share the case.
 */
@Component("serviceOrderTeams")
@ModelFunctions
public class ServiceOrderRouting {

  /** What a new order needs to know about its case and plan item. */
  public record NewOrder(String caseNumber, long referralId, String item, String service, String referringUnit,
      String region, boolean consent, String chosenProvider, Boolean rightsResolved, BigDecimal recoveredAmount,
      String nameMasked, String idNumberMasked, String phoneMasked) {
  }

  private final ServiceOrders orders;
  private final CaseAccess access;
  private final OrganisationUnits units;
  private final Projects projects;

  public ServiceOrderRouting(ServiceOrders orders, CaseAccess access, OrganisationUnits units, Projects projects) {
    this.projects = projects;
    this.orders = orders;
    this.access = access;
    this.units = units;
  }

  /**
   * Registers the order, naming the service programme that covers it (docs/projects.md), and starts its process (once
   * per plan item: a retried start finds the order it made).
   */
  public long start(ProcessEngineServices engine, NewOrder order) {
    String project = projects.programmeFor(engine.getDecisionService(), order.service(), order.referringUnit(),
        order.caseNumber()).orElse(null);
    long id = orders.create(order.caseNumber(), order.referralId(), order.item(), order.service(),
        order.referringUnit(), order.region(), order.chosenProvider(), order.rightsResolved(), order.recoveredAmount(),
        project);
    if (orders.find(id).map(Order::processInstanceId).isPresent()) {
      return id;
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(CASE_NUMBER, order.caseNumber());
    variables.put(ORDER_SERVICE, order.service());
    variables.put(ORDER_SERVICE_TEXT, Providers.SERVICES.getOrDefault(order.service(), order.service()));
    variables.put(NAME_MASKED, order.nameMasked());
    variables.put(ID_NUMBER_MASKED, order.idNumberMasked());
    variables.put(REGION, order.region());
    if (order.consent() && order.phoneMasked() != null) {
      variables.put(PHONE_MASKED, order.phoneMasked());
    }
    variables.put(ORDER_NOTE, note(order));
    // routing waits for the next transaction (asyncBefore), so the order is tied to its instance first
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey(ServiceOrderModel.PROCESS_KEY,
        order.caseNumber(), variables);
    orders.attachInstance(id, instance.getId());
    access.grantReferral(engine.getAuthorizationService(), instance.getId(), order.referringUnit(), true);
    return id;
  }

  private String note(NewOrder order) {
    String unit = units.find(order.referringUnit()).map(OrganisationUnit::name).orElse("转介单位");
    String contact = "联系方式：请通过" + unit + "联系申请人";
    if (!"legal-aid".equals(order.service()) || order.rightsResolved() == null) {
      return contact;
    }
    String outcome = "维权结果：" + (order.rightsResolved() ? "已解决" : "未解决")
        + (order.recoveredAmount() == null ? "" : "，追回金额 " + IntakeVocabulary.money(order.recoveredAmount()));
    return outcome + "\n\n" + contact;
  }

  /** A provider the planner may choose for a service: its code, its name and the orders it has open now. */
  public record ProviderChoice(String code, String name, int openOrders) {
  }

  /**
   * For each service, the providers the planner may choose for an applicant of the region: active, offering it and
   * covering the region, as routing would take them (by code), each with its name and open orders; a service none
   * covers has no choices. A provider of several services is looked up once.
   */
  public Map<String, List<ProviderChoice>> choices(Collection<String> services, String region) {
    Map<String, ProviderChoice> byCode = new HashMap<>();
    Map<String, List<ProviderChoice>> choices = new LinkedHashMap<>();
    orders.qualifying(services, region).forEach((service, codes) -> choices.put(service, codes.stream()
        .map(code -> byCode.computeIfAbsent(code, provider -> new ProviderChoice(provider,
            units.find(provider).map(OrganisationUnit::name).orElse(provider), orders.openOrders(provider))))
        .toList()));
    return choices;
  }

  /**
   * The planner's choice for a service, as the plan form's group {@code serviceProviders} holds it (member
   * {@code legalAid}, or the service's code as API clients may send it): a provider's code, or null for the system's
   * choice or anything that is no provider's code. Whether that provider may take the order is routing's question.
   */
  public static String chosenProvider(com.fasterxml.jackson.databind.JsonNode choices, String service) {
    com.fasterxml.jackson.databind.JsonNode value = choices.path(ProcessVariables.providerField(service));
    if (!value.isTextual()) {
      value = choices.path(service);
    }
    String code = value.isTextual() ? value.asText().trim() : null;
    return code != null && code.matches(Providers.CODE_PATTERN) ? code : null;
  }

  /**
   * Offers the order to its next provider (the chosen one, else the eligible one with the fewest open orders) and
   * moves the read grant from the provider before; with none left the order is UNPLACED. Answers the provider.
   */
  public Optional<String> route(DelegateExecution execution) {
    Order order = orders.orderOfInstance(execution.getProcessInstanceId());
    Optional<String> next = orders.nextProvider(order);
    var authorizations = execution.getProcessEngineServices().getAuthorizationService();
    if (order.providerUnit() != null && !next.equals(Optional.of(order.providerUnit()))) {
      access.revokeReferral(authorizations, execution.getProcessInstanceId(), order.providerUnit(),
          next.orElse(order.referringUnit()));
    }
    if (next.isPresent()) {
      orders.offer(order.id(), next.get());
      access.grantReferral(authorizations, execution.getProcessInstanceId(), next.get(), true);
    } else {
      orders.unplaced(order.id());
    }
    return next;
  }

  /** Whether the order is offered to a provider now (gateway isProviderFound). */
  public boolean hasProvider(DelegateExecution execution) {
    Order order = orders.orderOfInstance(execution.getProcessInstanceId());
    return order.status() == ServiceOrders.Status.OFFERED && order.providerUnit() != null;
  }

  /** The caseworkers of the provider the order is offered to. */
  public String providerCaseworkers(DelegateExecution execution) {
    return orders.orderOfInstance(execution.getProcessInstanceId()).providerUnit() + OrganisationUnit.CASEWORKERS;
  }

  /** The supervisors of the unit whose plan the order came from: they decide an order no provider took. */
  public String referringSupervisors(DelegateExecution execution) {
    return orders.orderOfInstance(execution.getProcessInstanceId()).referringUnit() + OrganisationUnit.SUPERVISORS;
  }
}
