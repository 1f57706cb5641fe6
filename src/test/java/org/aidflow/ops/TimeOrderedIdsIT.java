package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.aidflow.support.ApplicationTest;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The engine's rows get time-ordered ids ({@link TimeOrderedIds}), not the Spring Boot starter's version 1 UUIDs. */
class TimeOrderedIdsIT extends ApplicationTest {

  @Autowired TaskService taskService;

  @Test
  void aRowMadeLaterHasAnIdThatSortsAfter() {
    Task first = taskService.newTask();
    taskService.saveTask(first);
    Task second = taskService.newTask();
    taskService.saveTask(second);
    try {
      assertThat(UUID.fromString(first.getId()).version()).as("version of %s", first.getId()).isEqualTo(7);
      assertThat(second.getId()).isGreaterThan(first.getId());
    } finally {
      taskService.deleteTask(first.getId(), true);
      taskService.deleteTask(second.getId(), true);
    }
  }
}
