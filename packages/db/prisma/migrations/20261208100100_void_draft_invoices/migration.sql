-- A draft invoice can be voided (it was never issued, so it keeps no issue date and posts nothing).
-- 20261208100000_billing_core tied "issued_at is null" (and "number is null") to "status = draft" both ways, so voiding a
-- draft broke the CHECK and answered 500 (found by the REST fuzz). Now: a draft has no issue date;
-- open, paid and uncollectible invoices have one; a void invoice may or may not.
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_issued_at_when_issued";
ALTER TABLE "invoices"
  ADD CONSTRAINT "invoices_issued_at_when_issued" CHECK (
    CASE "status"
      WHEN 'draft' THEN "issued_at" IS NULL
      WHEN 'void' THEN TRUE
      ELSE "issued_at" IS NOT NULL
    END
  );

-- The same for the invoice number: drafts have none, issued invoices have one, a voided draft none.
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_number_when_issued";
ALTER TABLE "invoices"
  ADD CONSTRAINT "invoices_number_when_issued" CHECK (
    CASE "status"
      WHEN 'draft' THEN "number" IS NULL
      WHEN 'void' THEN TRUE
      ELSE "number" IS NOT NULL
    END
  );
