import Link from "next/link";
import { devOutboxAvailable } from "~/server/dev-outbox";

/** Under the auth card in development and E2E: where the emails of these flows can be read. */
export async function DevOutboxLink() {
  if (!(await devOutboxAvailable())) return null;
  return (
    <Link href="/dev/outbox" className="underline hover:text-slate-800">
      Dev outbox: emails the app sent
    </Link>
  );
}
