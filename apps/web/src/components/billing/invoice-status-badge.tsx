import type { InvoiceStatus } from "@agency/validators";
import { INVOICE_STATUS_LABEL, INVOICE_STATUS_TONE } from "~/lib/billing";
import { Badge } from "../ui/badge";

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return <Badge tone={INVOICE_STATUS_TONE[status]}>{INVOICE_STATUS_LABEL[status]}</Badge>;
}
