-- AI assistant over the LLM gateway (apps/api/src/ai/). ai_org_settings holds each
-- organization's assistant switch and monthly budget (integer micro-dollars, reserved then
-- settled by atomic UPDATEs); ai_usage is the gateway's per-call ledger; conversations and their
-- messages belong to one member and only that member reads them.

-- CreateTable
CREATE TABLE "ai_org_settings" (
    "org_id" UUID NOT NULL,
    "assistant_enabled" BOOLEAN NOT NULL DEFAULT true,
    "monthly_budget_micros" BIGINT,
    "period_month" DATE NOT NULL,
    "spent_micros" BIGINT NOT NULL DEFAULT 0,
    "reserved_micros" BIGINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ai_org_settings_pkey" PRIMARY KEY ("org_id")
);

-- CreateTable
CREATE TABLE "ai_usage" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "user_id" UUID,
    "feature" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_micros" BIGINT NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL,
    "first_token_ms" INTEGER,
    "cache_hit" BOOLEAN NOT NULL DEFAULT false,
    "fallback_count" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assistant_conversations" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "context_type" TEXT,
    "context_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistant_conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assistant_messages" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'complete',
    "tool_calls" JSONB,
    "proposal" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistant_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ai_usage_org_id_created_at_idx" ON "ai_usage"("org_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "assistant_conversations_org_id_user_id_updated_at_idx" ON "assistant_conversations"("org_id", "user_id", "updated_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "assistant_conversations_org_id_id_key" ON "assistant_conversations"("org_id", "id");

-- CreateIndex
CREATE INDEX "assistant_messages_conversation_id_created_at_idx" ON "assistant_messages"("conversation_id", "created_at");

-- AddForeignKey
ALTER TABLE "ai_org_settings" ADD CONSTRAINT "ai_org_settings_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_conversations" ADD CONSTRAINT "assistant_conversations_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_conversations" ADD CONSTRAINT "assistant_conversations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_messages" ADD CONSTRAINT "assistant_messages_org_id_conversation_id_fkey" FOREIGN KEY ("org_id", "conversation_id") REFERENCES "assistant_conversations"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ─── Integrity ────────────────────────────────────────────────────────────────
ALTER TABLE "ai_org_settings"
  ADD CONSTRAINT "ai_org_settings_amounts" CHECK (
    "spent_micros" >= 0 AND "reserved_micros" >= 0
    AND ("monthly_budget_micros" IS NULL OR "monthly_budget_micros" BETWEEN 0 AND 1000000000000000)),
  ADD CONSTRAINT "ai_org_settings_period_first_day" CHECK (extract(day FROM "period_month") = 1);
ALTER TABLE "ai_usage"
  ADD CONSTRAINT "ai_usage_counts" CHECK (
    "input_tokens" >= 0 AND "output_tokens" >= 0 AND "cost_micros" >= 0 AND "latency_ms" >= 0
    AND ("first_token_ms" IS NULL OR "first_token_ms" >= 0) AND "fallback_count" >= 0),
  ADD CONSTRAINT "ai_usage_outcome" CHECK ("outcome" IN ('ok', 'error', 'aborted', 'timeout')),
  ADD CONSTRAINT "ai_usage_text_lengths" CHECK (
    length("feature") <= 64 AND length("route") <= 200 AND length("model") <= 200 AND length(coalesce("error_code", '')) <= 64);
ALTER TABLE "assistant_conversations"
  ADD CONSTRAINT "assistant_conversations_title_length" CHECK (length("title") BETWEEN 1 AND 200),
  ADD CONSTRAINT "assistant_conversations_context" CHECK (
    ("context_type" IS NULL AND "context_id" IS NULL) OR ("context_type" IN ('project', 'task') AND "context_id" IS NOT NULL));
ALTER TABLE "assistant_messages"
  ADD CONSTRAINT "assistant_messages_role" CHECK ("role" IN ('user', 'assistant')),
  ADD CONSTRAINT "assistant_messages_status" CHECK ("status" IN ('pending', 'streaming', 'complete', 'stopped', 'error')),
  ADD CONSTRAINT "assistant_messages_content_length" CHECK (length("content") <= 100000);

-- ─── Row-level security ───────────────────────────────────────────────────────
-- Settings and the ledger are the organization's (the API lets admins read usage and change the
-- budget); the ledger is append-only for app_user. Conversations and messages are also the
-- author's own: another member of the same organization sees none of them.
GRANT SELECT, INSERT, UPDATE ON "ai_org_settings" TO app_user;
GRANT SELECT, INSERT ON "ai_usage" TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON "assistant_conversations", "assistant_messages" TO app_user;
ALTER TABLE "ai_org_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ai_org_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_org_settings_tenant ON "ai_org_settings"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "ai_usage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ai_usage" FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_usage_tenant ON "ai_usage"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "assistant_conversations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "assistant_conversations" FORCE ROW LEVEL SECURITY;
CREATE POLICY assistant_conversations_owner ON "assistant_conversations"
  USING ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()));
ALTER TABLE "assistant_messages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "assistant_messages" FORCE ROW LEVEL SECURITY;
-- The conversation lookup runs under the conversations policy: only the author's rows qualify.
CREATE POLICY assistant_messages_owner ON "assistant_messages"
  USING ("org_id" = (SELECT app_current_org_id())
    AND EXISTS (SELECT 1 FROM "assistant_conversations" c WHERE c."org_id" = "assistant_messages"."org_id" AND c."id" = "assistant_messages"."conversation_id"))
  WITH CHECK ("org_id" = (SELECT app_current_org_id())
    AND EXISTS (SELECT 1 FROM "assistant_conversations" c WHERE c."org_id" = "assistant_messages"."org_id" AND c."id" = "assistant_messages"."conversation_id"));
