package org.aidflow.app;

import static org.aidflow.support.Applicants.applicant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.aidflow.intake.IdempotentRequests;
import org.aidflow.notification.NotificationDispatcher;
import org.aidflow.notification.NotificationSender;
import org.aidflow.notification.Notifications;
import org.aidflow.ops.Housekeeping;
import org.aidflow.shared.AidCaseModel;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** Nothing gets stuck or lost silently: abandoned idempotency claims, old rows, failed notices. */
class OperationsIT extends ApplicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired IdempotentRequests idempotentRequests;
  @Autowired Housekeeping housekeeping;
  @Autowired RuntimeService runtimeService;
  @Autowired org.camunda.bpm.engine.ManagementService managementService;

  @Test
  void anIdempotencyClaimLeftByACrashExpiresAndTheRetryIsHandled() throws Exception {
    String key = "crashed-" + UUID.randomUUID();
    // a node claimed the key three minutes ago and died before answering
    jdbc.update("INSERT INTO intake_request (idempotency_key, request_hash, created_at) VALUES (?, ?, ?)", key,
        "0".repeat(64), Timestamp.from(Instant.now().minus(Duration.ofMinutes(3))));

    ResponseEntity<String> retried = post(JSON.writeValueAsString(applicant()), key);

    assertThat(retried.getStatusCode().value()).isEqualTo(201);
    assertThat(jdbc.queryForObject("SELECT response_status FROM intake_request WHERE idempotency_key = ?",
        Integer.class, key)).isEqualTo(201);
  }

  @Test
  void aFreshUnansweredClaimIsNotTakenOver() {
    String key = "fresh-" + UUID.randomUUID();
    assertThat(idempotentRequests.claim(key, "a".repeat(64))).isTrue();
    assertThat(idempotentRequests.claim(key, "a".repeat(64))).isFalse();
    // once expired, exactly one of two racing requests takes it over
    jdbc.update("UPDATE intake_request SET created_at = ? WHERE idempotency_key = ?",
        Timestamp.from(Instant.now().minus(Duration.ofMinutes(3))), key);
    assertThat(idempotentRequests.claim(key, "a".repeat(64))).isTrue();
    assertThat(idempotentRequests.claim(key, "a".repeat(64))).isFalse();
    idempotentRequests.release(key);
  }

  @Test
  void housekeepingDeletesOldDoneRowsOnly() {
    String caseNumber = "QBH-2000-000001";
    Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(200)));
    Timestamp recent = Timestamp.from(Instant.now().minus(Duration.ofDays(1)));
    String prefix = "hk-" + UUID.randomUUID() + "-";
    insertNotice(prefix + "old-sent", caseNumber, old, "sent_at", old);
    insertNotice(prefix + "old-cancelled", caseNumber, old, "cancelled_at", old);
    insertNotice(prefix + "old-unsent", caseNumber, old, null, null);
    insertNotice(prefix + "recent-sent", caseNumber, recent, "sent_at", recent);
    jdbc.update("INSERT INTO intake_request (idempotency_key, request_hash, response_status, created_at)"
        + " VALUES (?, ?, 201, ?)", prefix + "old-key", "b".repeat(64), old);
    jdbc.update("INSERT INTO intake_request (idempotency_key, request_hash, response_status, created_at)"
        + " VALUES (?, ?, 201, ?)", prefix + "recent-key", "b".repeat(64), recent);

    housekeeping.clean();

    assertThat(jdbc.queryForList("SELECT idempotency_key FROM notification WHERE idempotency_key LIKE ?"
        + " ORDER BY idempotency_key", String.class, prefix + "%"))
        .containsExactly(prefix + "old-unsent", prefix + "recent-sent");
    assertThat(jdbc.queryForList("SELECT idempotency_key FROM intake_request WHERE idempotency_key LIKE ?",
        String.class, prefix + "%")).containsExactly(prefix + "recent-key");
    jdbc.update("DELETE FROM notification WHERE idempotency_key LIKE ?", prefix + "%");
  }

  @Test
  void aFailedSendIsRetriedThenBecomesAnIncident() throws Exception {
    ResponseEntity<String> created = post(JSON.writeValueAsString(applicant()), null);
    String caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();
    // the notice waits a day, so that the application's own dispatcher leaves it to the one under test, which
    // runs two days ahead
    Timestamp now = Timestamp.from(Instant.now());
    String key = "fail-" + UUID.randomUUID();
    insertNotice(key, caseNumber, now, "next_attempt_at", Timestamp.from(Instant.now().plus(Duration.ofDays(1))));
    long id = jdbc.queryForObject("SELECT id FROM notification WHERE idempotency_key = ?", Long.class, key);
    Notifications ahead = new Notifications(jdbc, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
    AtomicInteger tries = new AtomicInteger();
    NotificationSender failing = notice -> {
      if (notice.id() == id) {
        tries.incrementAndGet();
        throw new IllegalStateException("gateway down");
      }
    };
    NotificationDispatcher dispatcher = new NotificationDispatcher(ahead, provider(failing), runtimeService, 2,
        Duration.ofHours(1), Duration.ofMinutes(5));

    dispatcher.dispatch();

    // not marked sent, to be tried again in an hour
    assertThat(tries).hasValue(1);
    assertThat(jdbc.queryForMap("SELECT sent_at, failed_at, attempts, last_error FROM notification WHERE id = ?", id))
        .containsEntry("sent_at", null).containsEntry("failed_at", null).containsEntry("attempts", 1)
        .containsEntry("last_error", "java.lang.IllegalStateException: gateway down");
    dispatcher.dispatch();
    assertThat(tries).hasValue(1);

    // an hour later (of the dispatcher's clock) the second and last attempt fails: the notice fails for good
    jdbc.update("UPDATE notification SET next_attempt_at = next_attempt_at - INTERVAL '61 minutes' WHERE id = ?", id);
    dispatcher.dispatch();

    assertThat(tries).hasValue(2);
    assertThat(jdbc.queryForMap("SELECT sent_at, failed_at, attempts FROM notification WHERE id = ?", id))
        .containsEntry("sent_at", null).containsEntry("attempts", 2);
    assertThat(jdbc.queryForObject("SELECT failed_at FROM notification WHERE id = ?", Timestamp.class, id)).isNotNull();
    Incident incident = runtimeService.createIncidentQuery().incidentType(NotificationDispatcher.INCIDENT_TYPE)
        .configuration("notification:" + id).singleResult();
    assertThat(incident).isNotNull();
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(incident.getProcessInstanceId())
        .singleResult().getBusinessKey()).isEqualTo(caseNumber);
    assertThat(incident.getIncidentMessage()).contains("IllegalStateException").doesNotContain("gateway down");
    dispatcher.dispatch();
    assertThat(tries).hasValue(2);
    runtimeService.resolveIncident(incident.getId());
    jdbc.update("DELETE FROM notification WHERE id = ?", id);
  }

  @Test
  void aNoticeIsMarkedSentAfterTheSenderTookIt() {
    String key = "ok-" + UUID.randomUUID();
    insertNotice(key, "QBH-2000-000002", Timestamp.from(Instant.now()), "next_attempt_at",
        Timestamp.from(Instant.now().plus(Duration.ofDays(1))));
    long id = jdbc.queryForObject("SELECT id FROM notification WHERE idempotency_key = ?", Long.class, key);
    Notifications ahead = new Notifications(jdbc, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
    NotificationSender checking = notice -> {
      if (notice.id() == id) {
        // while the sender works the notice is leased, not sent
        assertThat(jdbc.queryForMap("SELECT sent_at, claimed_at FROM notification WHERE id = ?", id))
            .containsEntry("sent_at", null).doesNotContainEntry("claimed_at", null);
      }
    };
    new NotificationDispatcher(ahead, provider(checking), runtimeService, 2, Duration.ofHours(1),
        Duration.ofMinutes(5)).dispatch();

    assertThat(jdbc.queryForMap("SELECT sent_at, claimed_at FROM notification WHERE id = ?", id))
        .doesNotContainEntry("sent_at", null).containsEntry("claimed_at", null);
    jdbc.update("DELETE FROM notification WHERE id = ?", id);
  }

  private void insertNotice(String key, String caseNumber, Timestamp createdAt, String column, Timestamp value) {
    jdbc.update("INSERT INTO notification (idempotency_key, kind, recipient_group, case_number, message, created_at"
            + (column != null ? ", " + column : "") + ") VALUES (?, 'REMINDER', 'union-caseworkers', ?, '测试', ?"
            + (column != null ? ", ?" : "") + ")",
        column != null ? new Object[] {key, caseNumber, createdAt, value} : new Object[] {key, caseNumber, createdAt});
  }

  @SuppressWarnings("unchecked")
  private static ObjectProvider<NotificationSender> provider(NotificationSender sender) {
    ObjectProvider<NotificationSender> provider = org.mockito.Mockito.mock(ObjectProvider.class);
    org.mockito.Mockito.when(provider.getIfAvailable(org.mockito.ArgumentMatchers.any())).thenReturn(sender);
    return provider;
  }

  @Test
  void theNightlyCleanupRemovesCasesTenYearsAfterTheyEndedAndNothingYounger() throws Exception {
    List<String> old = List.of(withdrawnCase(), withdrawnCase(), withdrawnCase());
    String recent = withdrawnCase();
    // nothing is stamped on the history rows when a case ends (ADR 0009)
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_varinst WHERE proc_inst_id_ = ?"
        + " AND removal_time_ IS NOT NULL", Long.class, recent)).isZero();
    // these ended eleven years ago, their decisions evaluated then (a decision's history goes ten years after its
    // evaluation, a case's ten years after it ended)
    Timestamp elevenYearsAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(11 * 365)));
    for (String id : old) {
      jdbc.update("UPDATE act_hi_procinst SET start_time_ = ?, end_time_ = ? WHERE proc_inst_id_ = ?", elevenYearsAgo,
          elevenYearsAgo, id);
      jdbc.update("UPDATE act_hi_decinst SET eval_time_ = ? WHERE proc_inst_id_ = ?", elevenYearsAgo, id);
    }
    long recentRows = historyRowsOf(recent);
    assertThat(old.stream().mapToLong(this::historyRowsOf).min().orElseThrow()).isPositive();

    // the nightly job, run now until nothing due is left (each run removes up to a batch of 500 instances)
    long deadline = System.currentTimeMillis() + 60_000;
    while (old.stream().mapToLong(this::historyRowsOf).sum() > 0 && System.currentTimeMillis() < deadline) {
      try {
        managementService.executeJob(historyService.cleanUpHistoryAsync(true).getId());
      } catch (org.camunda.bpm.engine.OptimisticLockingException takenByTheJobExecutor) {
        // the application's job executor ran it at the same time
      }
    }

    assertThat(old.stream().mapToLong(this::historyRowsOf).sum()).as("the history of the cases that ended eleven"
        + " years ago").isZero();
    assertThat(historyRowsOf(recent)).as("the history of the case that ended today").isEqualTo(recentRows);
  }

  /** The case's rows in the history tables a case fills (instance, activities, variables, changes, tasks, decisions). */
  private long historyRowsOf(String processInstanceId) {
    long rows = 0;
    for (String table : new String[] {"act_hi_procinst", "act_hi_actinst", "act_hi_varinst", "act_hi_detail",
        "act_hi_taskinst", "act_hi_decinst"}) {
      rows += jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE proc_inst_id_ = ?", Long.class,
          processInstanceId);
    }
    return rows;
  }

  /** A case taken in and withdrawn by the intake officer who took it in: closed, its instance ended; its instance. */
  private String withdrawnCase() throws Exception {
    ResponseEntity<String> created = post(JSON.writeValueAsString(applicant()), "cleanup-" + UUID.randomUUID());
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    String caseNumber = JSON.readTree(created.getBody()).get("caseNumber").asText();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> withdrawn = http.withBasicAuth("intake", "demo").postForEntity("/api/cases/" + caseNumber
        + "/withdrawal", new HttpEntity<>("{\"reason\":\"申请人来电撤回\"}", headers), String.class);
    assertThat(withdrawn.getStatusCode().value()).as(withdrawn.getBody()).isEqualTo(200);
    return historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(caseNumber)
        .processDefinitionKey(AidCaseModel.PROCESS_KEY).finished().singleResult().getId();
  }

  private ResponseEntity<String> post(String body, String idempotencyKey) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (idempotencyKey != null) {
      headers.set("Idempotency-Key", idempotencyKey);
    }
    return http.withBasicAuth("intake", "demo").postForEntity("/api/cases", new HttpEntity<>(body, headers),
        String.class);
  }
}
