package org.aidflow.campaign;

/**
 * The contract between Java and {@code processes/campaign-batch.bpmn} (one batch of a cash campaign, docs/campaigns.md):
 * its process key and the element ids Java and the tests name. ModelsTest checks every constant against the model.
 */
public final class CampaignBatchModel {

  public static final String PROCESS_KEY = "campaignBatch";

  // element ids
  public static final String BATCH_STARTED = "batchStarted";
  public static final String LIST_HOUSEHOLDS = "listHouseholds";
  public static final String REVIEW_BATCH = "reviewBatch";
  public static final String IS_BATCH_APPROVED = "isBatchApproved";
  public static final String BATCH_CANCELLED = "batchCancelled";
  public static final String PAY_JOIN = "payJoin";
  public static final String PAY_HOUSEHOLDS = "payHouseholds";
  public static final String IS_PAYMENT_DONE = "isPaymentDone";
  public static final String BATCH_PAID = "batchPaid";
  public static final String RESOLVE_BATCH_FUNDING = "resolveBatchFunding";
  public static final String IS_PAYMENT_RETRIED = "isPaymentRetried";
  public static final String RETRY_SHORT_PAYMENTS = "retryShortPayments";
  public static final String BATCH_CLOSED = "batchClosed";

  /** The business key of a batch's instance: the batch's row is found by it, never by a variable. */
  public static String businessKey(long batchId) {
    return "campaign-batch-" + batchId;
  }

  /** The batch of a business key made by {@link #businessKey}. */
  public static long batchId(String businessKey) {
    if (businessKey == null || !businessKey.startsWith("campaign-batch-")) {
      throw new IllegalStateException("not a campaign batch's business key: " + businessKey);
    }
    return Long.parseLong(businessKey.substring("campaign-batch-".length()));
  }

  private CampaignBatchModel() {
  }
}
