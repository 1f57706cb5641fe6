package org.aidflow.assistance;

import static org.aidflow.shared.ProcessVariables.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aidflow.organisation.Providers;
import org.aidflow.serviceorder.ServiceOrderRouting;
import org.aidflow.serviceorder.ServiceOrderRouting.NewOrder;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseRegistry.RegisteredCase;
import org.aidflow.shared.CaseScope;
import org.aidflow.shared.CaseVariables;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.shared.ReferralRegistry.Referral;
import org.aidflow.shared.ReferralRegistry.RegisteredReferral;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code startServiceOrders}, once the plan is approved (or needs no approval): each service item of the plan
 * ({@code serviceItems}, as CheckPlanListener checked it) that a provider of the alliance offers becomes a service order ({@code service-1}, …) to a provider
 * of the alliance (docs/service-orders.md). The case, its region and consent, the referring unit and a rights
 * referral's outcome are the registered ones. A planner's choice of provider ({@code serviceProviders}, the plan
 * form's group) is kept only when that provider may take the order; a plan made before the form offered it has none.
 */
@Component
public class StartServiceOrdersDelegate implements JavaDelegate {

  private final CaseFacts facts;
  private final ReferralRegistry referrals;
  private final ServiceOrderRouting routing;
  private final ObjectMapper json = new ObjectMapper();

  public StartServiceOrdersDelegate(CaseFacts facts, ReferralRegistry referrals, ServiceOrderRouting routing) {
    this.facts = facts;
    this.referrals = referrals;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // only the alliance's services become orders; the others (低保审核, 困难帮扶金, …) are the unit's own work
    List<String> services = CaseVariables.asStringList(execution.getVariable(SERVICE_ITEMS)).stream()
        .filter(Providers.SERVICES::containsKey).toList();
    if (services.isEmpty()) {
      return;
    }
    RegisteredReferral referral = facts.referralOf(execution);
    RegisteredCase registered = facts.caseOf(execution);
    Optional<Referral> outcome = referrals.referralsOf(referral.caseNumber()).stream()
        .filter(r -> r.id() == referral.id()).findFirst();
    JsonNode chosen = chosenProviders(execution.getVariable(SERVICE_PROVIDERS));
    Map<String, Object> applicant = CaseScope.variables(execution, List.of(ID_NUMBER_MASKED, PHONE_MASKED));
    for (int i = 0; i < services.size(); i++) {
      String service = services.get(i);
      // a provider that does not offer the service or cover the region is passed over by routing (nextProvider)
      String provider = ServiceOrderRouting.chosenProvider(chosen, service);
      routing.start(execution.getProcessEngineServices(), new NewOrder(referral.caseNumber(), referral.id(),
          "service-" + (i + 1), service, referral.unit(), registered.region(), registered.consent(), provider,
          outcome.map(Referral::rightsResolved).orElse(null), outcome.map(Referral::recoveredAmount).orElse(null),
          maskName(CaseVariables.asString(execution.getVariable(NAME))),
          CaseVariables.asString(applicant.get(ID_NUMBER_MASKED)),
          CaseVariables.asString(applicant.get(PHONE_MASKED))));
    }
  }

  private JsonNode chosenProviders(Object value) {
    try {
      if (value instanceof org.camunda.spin.json.SpinJsonNode spin) {
        // as Tasklist submits the form's group: a Json variable
        value = spin.toString();
      }
      if (value instanceof String text) {
        JsonNode tree = json.readTree(text);
        return tree != null && tree.isObject() ? tree : json.createObjectNode();
      }
      JsonNode tree = value == null ? null : json.valueToTree(value);
      return tree != null && tree.isObject() ? tree : json.createObjectNode();
    } catch (Exception e) {
      return json.createObjectNode();
    }
  }

  /** The family name only (张三 → 张*): providers see no full name. */
  static String maskName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    int[] letters = name.strip().codePoints().toArray();
    return new StringBuilder().appendCodePoint(letters[0]).append("*".repeat(Math.max(1, letters.length - 1)))
        .toString();
  }
}
