import { Spinner } from "~/components/ui/spinner";

export default function Loading() {
  return (
    <div className="grid min-h-48 place-items-center">
      <Spinner label="Loading…" />
    </div>
  );
}
